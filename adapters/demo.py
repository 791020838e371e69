"""A demo tenant on a fresh embedded start, so a new user can sign in at /docs at once."""

from pathlib import Path

from adapters.bootstrap import Services
from adapters.secrets import secret_file
from commands.bus import send
from commands.identity import CreateTenant
from domain.context import RequestContext
from domain.tenant import tenant_id_for

SLUG = "demo"
USERNAME = "demo-admin"


def ensure_demo_tenant(services: Services) -> tuple[str, str]:
    """The demo admin's username and password; the tenant is created on first start."""
    password_file: Path = services.settings.data_dir / "demo-admin-password"
    if not services.app.exists(tenant_id_for(SLUG)):
        password_file.unlink(missing_ok=True)  # a password left from an older database
        password = secret_file(password_file, 12)
        send(
            CreateTenant(
                name="Demo Repairs",
                slug=SLUG,
                admin_username=USERNAME,
                admin_display_name="Demo Admin",
                admin_password=password,
            ),
            RequestContext.system(tenant_id_for(SLUG)),
            services.app,
        )
    password = password_file.read_text() if password_file.exists() else "(not known here)"
    return USERNAME, password
