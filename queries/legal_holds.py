"""Whether a customer is under a legal hold (the retention schedule keeps it: it is what a hold
stops)."""

from uuid import UUID

from psycopg.sql import SQL
from pydantic import BaseModel

from domain.access import EXPORTERS
from domain.context import RequestContext, authorize
from domain.refusals import NotFound
from projections.retention.projection import RetentionSchedule
from projections.retention.tables import RETENTION_CUSTOMERS
from queries.read_models import reads
from queries.read_store import ReadStore


class LegalHoldStatePublic(BaseModel):
    held: bool


_HELD = SQL("SELECT legal_hold FROM {} WHERE customer_id = %s AND tenant_id = %s").format(
    RETENTION_CUSTOMERS.sql
)


@reads(RetentionSchedule)
def legal_hold(db: ReadStore, ctx: RequestContext, customer_id: UUID) -> LegalHoldStatePublic:
    authorize(ctx, EXPORTERS)
    with db.transaction(commit=False) as curs:
        row = curs.execute(_HELD, (customer_id, ctx.tenant_id)).fetchone()
    if row is None:
        raise NotFound("customer", customer_id)
    return LegalHoldStatePublic(held=row["legal_hold"])
