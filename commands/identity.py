"""Commands on tenants and their staff."""

from typing import Annotated, Any
from uuid import UUID

from pydantic import BeforeValidator, Field

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from commands.passwords import hash_password
from domain.access import ADMIN
from domain.context import RequestContext
from domain.fields import Name, Password, Reason, Slug, Username
from domain.refusals import Conflict, NotFound
from domain.staff import StaffUser, staff_id_for
from domain.tenant import Tenant, tenant_id_for
from domain.ticket_register import TicketRegister
from domain.values import Role


def _each_once(given: Any) -> Any:
    """A list of roles names each at most once (its schema says `uniqueItems`)."""
    if isinstance(given, list) and (
        len(given) > len(Role) or any(given.count(role) > 1 for role in given)
    ):
        raise ValueError("each role at most once")
    return given


Roles = Annotated[set[Role], Field(min_length=1), BeforeValidator(_each_once)]


class CreateTenant(Command[Written]):
    """Run by the operator (`aftersales tenant create`), so in the `system` context."""

    name: Name
    slug: Slug
    admin_username: Username
    admin_display_name: Name = "Administrator"
    admin_password: Password


@handler
def create_tenant(cmd: CreateTenant, ctx: RequestContext, app: Aftersales) -> Written:
    if app.exists(tenant_id_for(cmd.slug)):
        raise Conflict("tenant_exists", f"a tenant with slug {cmd.slug!r} exists")
    tenant = Tenant.create(cmd.name, cmd.slug)
    admin = _new_staff(
        app, tenant, cmd.admin_username, cmd.admin_display_name, cmd.admin_password, {Role.ADMIN}
    )
    return app.commit(ctx, tenant, TicketRegister.start(tenant.id), admin)


class StaffRegistration(Body):
    username: Username
    display_name: Name
    password: Password
    roles: Roles


class RegisterStaff(StaffRegistration, Command[Written]):
    may = ADMIN


@handler
def register_staff(cmd: RegisterStaff, ctx: RequestContext, app: Aftersales) -> Written:
    tenant = app.load(Tenant, ctx.tenant_id, ctx)
    user = _new_staff(app, tenant, cmd.username, cmd.display_name, cmd.password, cmd.roles)
    return app.commit(ctx, user, tenant)


class RoleAssignment(Body):
    roles: Roles


class ChangeStaffRoles(RoleAssignment, Command[Written]):
    may = ADMIN
    staff_id: UUID


@handler
def change_staff_roles(cmd: ChangeStaffRoles, ctx: RequestContext, app: Aftersales) -> Written:
    user = app.load_for_change(StaffUser, cmd.staff_id, ctx)
    user.change_roles(cmd.roles, changed_by=_caller(ctx))
    return app.commit(ctx, user)


class Deactivation(Body):
    reason: Reason


class DeactivateStaff(Deactivation, Command[Written]):
    may = ADMIN
    staff_id: UUID


@handler
def deactivate_staff(cmd: DeactivateStaff, ctx: RequestContext, app: Aftersales) -> Written:
    user = app.load_for_change(StaffUser, cmd.staff_id, ctx)
    user.deactivate(cmd.reason, deactivated_by=_caller(ctx))
    return app.commit(ctx, user)


def _new_staff(
    app: Aftersales,
    tenant: Tenant,
    username: str,
    display_name: str,
    password: str,
    roles: set[Role],
) -> StaffUser:
    if app.exists(staff_id_for(username)):
        raise Conflict("username_taken", f"the username {username!r} is taken")
    user = StaffUser.register(
        tenant_id=tenant.id,
        username=username,
        display_name=display_name,
        password_hash=hash_password(password),
        roles=roles,
    )
    tenant.enrol(user.id)
    return user


def _caller(ctx: RequestContext) -> UUID:
    return ctx.staff_id or UUID(int=0)


def is_active_staff(app: Aftersales, staff_id: UUID, ctx: RequestContext) -> bool:
    try:
        return app.load(StaffUser, staff_id, ctx).active
    except NotFound:
        return False
