"""A tenant's retention policy, as set, from the retention schedule's read model."""

from psycopg.sql import SQL
from pydantic import BaseModel

from domain.access import EXPORTERS
from domain.context import RequestContext, authorize
from projections.retention.projection import RetentionSchedule
from projections.retention.tables import RETENTION_POLICIES
from queries.read_models import reads
from queries.read_store import ReadStore


class RetentionPolicyPublic(BaseModel):
    """Days to keep customers with no open ticket and no activity, and the free text of closed
    tickets; null keeps them."""

    customer_days: int | None = None
    ticket_text_days: int | None = None


@reads(RetentionSchedule)
def retention_policy(db: ReadStore, ctx: RequestContext) -> RetentionPolicyPublic:
    """The tenant's policy; one never set keeps everything."""
    authorize(ctx, EXPORTERS)
    with db.transaction(commit=False) as curs:
        row = curs.execute(
            SQL("SELECT customer_days, ticket_text_days FROM {} WHERE tenant_id = %s").format(
                RETENTION_POLICIES.sql
            ),
            (ctx.tenant_id,),
        ).fetchone()
    return RetentionPolicyPublic.model_validate(row or {})
