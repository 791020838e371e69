"""How many tickets of the queue are in each status: a tab per status."""

from typing import Any

from psycopg.sql import SQL
from pydantic import BaseModel

from domain.access import STAFF
from domain.context import RequestContext, authorize
from domain.ticket_status import FINISHED, TicketStatus
from projections.service_figures.projection import ServiceFigures
from projections.ticket_queue.projection import TicketQueue
from queries.read_models import reads
from queries.read_store import ReadStore
from queries.reports import service_targets
from queries.ticket_queue import QUEUE_ROWS, TicketFilters, conditions_of


class StatusCount(BaseModel):
    status: TicketStatus
    count: int


@reads(TicketQueue, ServiceFigures)
def status_counts(db: ReadStore, ctx: RequestContext, filters: TicketFilters) -> list[StatusCount]:
    """How many tickets of the queue are in each status, under every filter but the statuses'
    own (`status`, `open`): what a tab per status would hold. Every status is listed, in the
    status table's order, with 0 where none."""
    authorize(ctx, STAFF)
    params: dict[str, Any] = {"tenant": ctx.tenant_id, "finished": [s.value for s in FINISHED]}
    others = filters.model_copy(update={"status": [], "open": None})
    conditions = SQL(" AND ").join(conditions_of(db, ctx, others, params))
    query = SQL("SELECT t.status, count(*) AS count {} WHERE {} GROUP BY t.status").format(
        QUEUE_ROWS, conditions
    )
    with db.transaction(commit=False) as curs:
        targets = service_targets(curs, ctx.tenant_id)
        params.update(priorities=[p.value for p in targets], hours=list(targets.values()))
        counted = {row["status"]: row["count"] for row in curs.execute(query, params).fetchall()}
    return [StatusCount(status=s, count=counted.get(s.value, 0)) for s in TicketStatus]
