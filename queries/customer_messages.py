"""A customer's messages, on their tickets or in triage."""

from uuid import UUID

from psycopg.sql import SQL

from domain.access import CUSTOMER_READERS
from domain.context import RequestContext, authorize
from domain.refusals import NotFound
from projections.customer_directory.projection import CustomerDirectory
from projections.customer_directory.tables import CUSTOMER_DIRECTORY
from projections.ticket_detail.projection import TicketDetail
from queries.messages import MessagePublic, oldest_first
from queries.pages import Page
from queries.read_models import reads
from queries.read_store import ReadStore


class CustomerMessagePublic(MessagePublic):
    """A message to or from the customer, on its ticket (null: in triage)."""

    ticket_id: UUID | None


@reads(TicketDetail, CustomerDirectory)
def customer_messages(
    db: ReadStore, ctx: RequestContext, customer_id: UUID, limit: int, cursor: str | None
) -> Page[CustomerMessagePublic]:
    """The customer's messages, on their tickets or waiting in triage, oldest first."""
    authorize(ctx, CUSTOMER_READERS)
    with db.transaction(commit=False) as curs:
        known = curs.execute(
            SQL("SELECT 1 FROM {} WHERE customer_id = %s AND tenant_id = %s").format(
                CUSTOMER_DIRECTORY.sql
            ),
            (customer_id, ctx.tenant_id),
        ).fetchone()
    if known is None:
        raise NotFound("customer", customer_id)
    mine = SQL("customer_id = %(customer)s")
    return oldest_first(
        db, ctx, mine, {"customer": customer_id}, limit, cursor, CustomerMessagePublic
    )
