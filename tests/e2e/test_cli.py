"""The `aftersales` command as an operator uses it."""

import os
import subprocess
import sys
from pathlib import Path
from uuid import UUID, uuid4

from adapters.bootstrap import Services
from domain.tenant import Tenant

CLI = Path(sys.executable).parent / "aftersales"


def aftersales(services: Services, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "AFTERSALES_DATABASE_URL": services.database_url,
        "AFTERSALES_DATA_DIR": str(services.settings.data_dir),
    }
    return subprocess.run(
        [str(CLI), *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_tenant_create_prints_the_new_tenants_id(services: Services) -> None:
    slug = f"cli-{uuid4().hex[:8]}"
    done = aftersales(
        services,
        "tenant",
        "create",
        "--name",
        "Cape Solar Repairs",
        "--slug",
        slug,
        "--admin-username",
        f"{slug}-boss",
        "--admin-password",
        "a long enough password",
    )
    assert done.returncode == 0, done.stderr
    tenant = services.app.find(Tenant, UUID(done.stdout.strip()))
    assert tenant is not None and tenant.slug == slug and tenant.name == "Cape Solar Repairs"


def test_tenant_create_explains_bad_input_without_a_traceback(services: Services) -> None:
    done = aftersales(
        services,
        "tenant",
        "create",
        "--name",
        "X",
        "--slug",
        "Not A Slug!",
        "--admin-username",
        "someone-x",
        "--admin-password",
        "a long enough password",
    )
    assert done.returncode == 2
    assert "slug" in done.stderr and "Traceback" not in done.stderr
