"""Passwords after registration: staff change their own, an admin (or the operator) resets
one, and a user whose password was reset chooses a new one to sign in. Each change makes every
token issued before it stop working (adapters/tokens.py)."""

from typing import Annotated
from uuid import UUID

from pydantic import Field

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from commands.login import record_on
from commands.passwords import hash_password, verify_password
from domain.access import ADMIN, STAFF
from domain.context import RequestContext
from domain.errors import InvalidValue
from domain.fields import Credential, Password
from domain.refusals import Refused
from domain.staff import StaffUser

Secret = Annotated[Credential, Field(json_schema_extra={"format": "password"})]
NewPassword = Annotated[Password, Field(json_schema_extra={"format": "password"})]


class OwnPasswordChange(Body):
    current_password: Secret
    new_password: NewPassword


class ChangeOwnPassword(OwnPasswordChange, Command[Written]):
    may = STAFF


@handler
def change_own_password(cmd: ChangeOwnPassword, ctx: RequestContext, app: Aftersales) -> Written:
    if ctx.staff_id is None:
        raise InvalidValue("current_password", "only staff have a password")
    user = app.load_for_change(StaffUser, ctx.staff_id, ctx)
    if not verify_password(user.password_hash, cmd.current_password):
        raise InvalidValue("current_password", "this is not your current password")
    user.change_password(_new_hash(user, cmd.new_password))
    return app.commit(ctx, user)


class TemporaryPassword(Body):
    password: NewPassword


class ResetStaffPassword(TemporaryPassword, Command[Written]):
    """Over HTTP the user must always choose a new password at sign-in; the operator's CLI
    may set one to keep (`change_required=False`)."""

    may = ADMIN
    staff_id: UUID
    change_required: bool = True


@handler
def reset_staff_password(cmd: ResetStaffPassword, ctx: RequestContext, app: Aftersales) -> Written:
    user = app.load_for_change(StaffUser, cmd.staff_id, ctx)
    reset_by = ctx.staff_id or UUID(int=0)
    user.reset_password(hash_password(cmd.password), cmd.change_required, reset_by=reset_by)
    return app.commit(ctx, user)


class ChangeTicketRejected(Refused):
    """The ticket's user is gone, deactivated, or chose a new password with it already."""

    code = "invalid_change_ticket"

    def __init__(self) -> None:
        super().__init__("this change ticket is used, expired or not valid; sign in again")


def choose_password_at_sign_in(
    staff_id: UUID,
    generation: int,
    new_password: str,
    source: str,
    request_id: str,
    app: Aftersales,
) -> StaffUser:
    """The user of a change ticket (issued under `generation`) with their new password, signed
    in: both on the record. A ticket works once, as the change moves the generation on."""
    user = app.find(StaffUser, staff_id)
    if not (
        user is not None
        and user.active
        and user.password_change_required
        and user.credentials_generation == generation
    ):
        raise ChangeTicketRejected
    password_hash = _new_hash(user, new_password)

    def changed(u: StaffUser) -> None:
        if u.credentials_generation != generation:
            raise ChangeTicketRejected
        u.change_password(password_hash)
        u.logged_in(source)

    return record_on(app, user, str(user.id), request_id, changed)


def _new_hash(user: StaffUser, new_password: str) -> str:
    if verify_password(user.password_hash, new_password):
        raise InvalidValue("new_password", "choose a password other than the current one")
    return hash_password(new_password)
