"""A tenant's retention policy, as set."""

from pydantic import BaseModel

from domain.access import EXPORTERS
from domain.context import RequestContext, authorize
from domain.tenant import Tenant
from queries.event_store import StoredEvents


class RetentionPolicyPublic(BaseModel):
    """Days to keep customers with no open ticket and no activity, and the free text of closed
    tickets; null keeps them."""

    customer_days: int | None = None
    ticket_text_days: int | None = None


def retention_policy(app: StoredEvents, ctx: RequestContext) -> RetentionPolicyPublic:
    authorize(ctx, EXPORTERS)
    policy = app.load(Tenant, ctx.tenant_id, ctx).retention
    return RetentionPolicyPublic(
        customer_days=policy.customer_days, ticket_text_days=policy.ticket_text_days
    )
