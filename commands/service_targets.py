"""The tenant's service targets: by when a ticket of each priority should be resolved."""

from typing import Annotated

from pydantic import Field

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from domain.access import ADMIN
from domain.context import RequestContext
from domain.tenant import Tenant
from domain.tenant_policies import MAX_TARGET_HOURS
from domain.values import Priority

Hours = Annotated[
    int, Field(strict=True, ge=1, le=MAX_TARGET_HOURS, description="whole hours from opening")
]


class ServiceTargets(Body):
    low: Hours
    normal: Hours
    high: Hours
    urgent: Hours


class SetServiceTargets(ServiceTargets, Command[Written]):
    may = ADMIN


@handler
def set_service_targets(cmd: SetServiceTargets, ctx: RequestContext, app: Aftersales) -> Written:
    tenant = app.load_for_change(Tenant, ctx.tenant_id, ctx)
    tenant.set_service_targets({p: getattr(cmd, p.value) for p in Priority})
    return app.commit(ctx, tenant)
