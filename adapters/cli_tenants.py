"""`aftersales tenant ...`: the businesses using Aftersales."""

from typing import Annotated

import typer

from adapters.startup import start_service
from commands.bus import send
from commands.identity import CreateTenant
from domain.context import RequestContext
from domain.tenant import tenant_id_for

tenant = typer.Typer(help="Tenants: the businesses using Aftersales.", no_args_is_help=True)


@tenant.command("create")
def create(
    name: Annotated[str, typer.Option(help="the business's name")],
    slug: Annotated[str, typer.Option(help="short unique name, used in public URLs")],
    admin_username: Annotated[str, typer.Option(help="username of the first admin")],
    admin_password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)
    ],
    admin_display_name: Annotated[str, typer.Option()] = "Administrator",
) -> None:
    """Create a tenant and its first admin; prints the tenant id."""
    command = CreateTenant(
        name=name,
        slug=slug,
        admin_username=admin_username,
        admin_display_name=admin_display_name,
        admin_password=admin_password,
    )
    ctx = RequestContext.system(tenant_id_for(slug))
    services = start_service()
    try:
        answer = send(command, ctx, services.app)
    finally:
        services.close()
    print(answer.id)
