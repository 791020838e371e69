"""A staff user's open tickets (not closed or cancelled), oldest first: what a deactivation
leaves to be reassigned."""

from uuid import UUID

from psycopg.sql import SQL

from domain.access import ADMIN
from domain.context import RequestContext, authorize
from domain.refusals import NotFound
from domain.ticket_status import FINISHED
from projections.staff_directory.projection import StaffDirectory
from projections.staff_directory.tables import STAFF_DIRECTORY
from projections.ticket_queue.projection import TicketQueue
from projections.ticket_queue.tables import TICKET_QUEUE
from queries.read_models import reads
from queries.read_store import ReadStore
from queries.staleness import stale
from queries.tickets import TICKET_FIELDS, TicketSummary, opened

_MEMBER = SQL("SELECT 1 FROM {} WHERE staff_id = %s AND tenant_id = %s").format(STAFF_DIRECTORY.sql)
_OPEN = SQL(
    "SELECT {fields}, {stale} AS stale FROM {queue} t WHERE t.tenant_id = %s "
    "AND t.assignee_id = %s AND NOT t.status = ANY(%s) ORDER BY t.opened_at, t.ticket_id"
).format(
    fields=SQL(TICKET_FIELDS),
    stale=stale(TicketQueue.name, SQL("t.tenant_id"), SQL("ARRAY[t.ticket_id]")),
    queue=TICKET_QUEUE.sql,
)


@reads(TicketQueue, StaffDirectory)
def open_tickets(db: ReadStore, ctx: RequestContext, staff_id: UUID) -> list[TicketSummary]:
    authorize(ctx, ADMIN)
    finished = sorted(status.value for status in FINISHED)
    with db.transaction(commit=False) as curs:
        if curs.execute(_MEMBER, (staff_id, ctx.tenant_id)).fetchone() is None:
            raise NotFound("staff user", staff_id)
        rows = opened(
            db, TICKET_QUEUE, curs.execute(_OPEN, (ctx.tenant_id, staff_id, finished)).fetchall()
        )
    return [TicketSummary.model_validate(row) for row in rows]
