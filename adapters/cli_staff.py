"""`aftersales staff ...`: the operator's help for a tenant's staff (a locked-out admin)."""

from typing import Annotated

import typer

from adapters.startup import start_service
from commands.bus import send
from commands.password_changes import ResetStaffPassword
from domain.context import RequestContext
from domain.staff import staff_id_for
from domain.tenant import tenant_id_for

staff = typer.Typer(help="A tenant's staff users.", no_args_is_help=True)


@staff.command("reset-password")
def reset_password(
    tenant: Annotated[str, typer.Option(help="the tenant's slug")],
    username: Annotated[str, typer.Option(help="the staff user's username")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="the temporary password (asked for when not given)",
        ),
    ],
    change_required: Annotated[
        bool,
        typer.Option(help="the user must choose a new password at their next sign-in"),
    ] = True,
) -> None:
    """Reset a staff user's password (an admin locked out); their tokens stop working."""
    command = ResetStaffPassword(
        staff_id=staff_id_for(username), password=password, change_required=change_required
    )
    services = start_service()
    try:
        send(command, RequestContext.system(tenant_id_for(tenant)), services.app)
    finally:
        services.close()
    then = "they choose a new one at sign-in" if change_required else "they keep it"
    print(f"reset the password of {username}: {then}")
