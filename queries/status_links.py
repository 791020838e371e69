"""A ticket's status link: what its public page shows (found by the keyed digest of the token,
with no caller: the token is the only claim), and what staff need to make the current link."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

from psycopg.sql import SQL
from pydantic import BaseModel

from domain.access import TICKET_READERS
from domain.context import RequestContext, authorize
from domain.refusals import NotFound
from domain.shop import Weekday
from domain.status_link import IN_WORDS, PublicStep, expires_at, is_live
from domain.ticket_status import TicketStatus
from projections.status_links.projection import StatusLinks
from projections.status_links.tables import STATUS_LINK_SHOPS, STATUS_LINKS
from queries.read_models import reads
from queries.read_store import ReadStore

_PAGE = SQL(
    "SELECT l.number, l.make, l.model, l.status, l.steps, l.finished_at, l.position, "
    "s.name, s.phone, s.email, s.address, s.hours FROM {} l LEFT JOIN {} s "
    "ON s.tenant_id = l.tenant_id WHERE l.lookup = %s"
).format(STATUS_LINKS.sql, STATUS_LINK_SHOPS.sql)
_POSITION = SQL("SELECT position, finished_at FROM {} WHERE lookup = %s").format(STATUS_LINKS.sql)
_TICKET = SQL("SELECT tenant_id, ticket_id, finished_at FROM {} WHERE lookup = %s").format(
    STATUS_LINKS.sql
)
_STATE = SQL(
    "SELECT generation, finished_at FROM {} WHERE ticket_id = %s AND tenant_id = %s"
).format(STATUS_LINKS.sql)


class StepPublic(BaseModel):
    step: PublicStep
    at: datetime


class DayPublic(BaseModel):
    day: Weekday
    opens: str | None  # None: closed
    closes: str | None


class ShopPublic(BaseModel):
    name: str
    phone: str | None
    email: str | None
    address: str | None
    hours: list[DayPublic]


class StatusPagePublic(BaseModel):
    """All a status page shows: nothing personal beyond the device's make and model."""

    number: str
    make: str
    model: str
    status: TicketStatus
    in_words: str
    steps: list[StepPublic]
    shop: ShopPublic
    position: int


class LinkedTicket(BaseModel):
    """Whose the live link is: for the customer's own acts on its page, never shown."""

    tenant_id: UUID
    ticket_id: UUID


class StatusLinkState(BaseModel):
    """What makes a ticket's current link: its generation; and when it expires."""

    generation: int
    expires_at: datetime | None


@reads(StatusLinks)
def status_page(db: ReadStore, lookup: bytes, lifetime: timedelta) -> StatusPagePublic | None:
    """The page of the link whose token has this digest; None when no live link has it (never
    was, revoked, or expired: one answer for all)."""
    with db.transaction(commit=False) as curs:
        row = curs.execute(_PAGE, (lookup,)).fetchone()
    if row is None or not is_live(row["finished_at"], lifetime, datetime.now(UTC)):
        return None
    hours = row["hours"] or {}
    closed = {"opens": None, "closes": None}
    week = [DayPublic(day=d, **hours.get(d.value, closed)) for d in Weekday]
    shop = {k: row[k] for k in ("name", "phone", "email", "address")}
    status = TicketStatus(row["status"])
    return StatusPagePublic(
        number=row["number"],
        make=row["make"],
        model=row["model"],
        status=status,
        in_words=IN_WORDS[status],
        steps=[StepPublic.model_validate(step) for step in row["steps"]],
        shop=ShopPublic(**(shop | {"name": shop["name"] or ""}), hours=week),
        position=row["position"],
    )


@reads(StatusLinks)
def status_position(db: ReadStore, lookup: bytes, lifetime: timedelta) -> int | None:
    """The log position that last changed the live link with this digest; None as above."""
    with db.transaction(commit=False) as curs:
        row = curs.execute(_POSITION, (lookup,)).fetchone()
    if row is None or not is_live(row["finished_at"], lifetime, datetime.now(UTC)):
        return None
    position: int = row["position"]
    return position


@reads(StatusLinks)
def linked_ticket(db: ReadStore, lookup: bytes, lifetime: timedelta) -> LinkedTicket | None:
    """The ticket of the live link with this digest; None as above."""
    with db.transaction(commit=False) as curs:
        row = curs.execute(_TICKET, (lookup,)).fetchone()
    if row is None or not is_live(row["finished_at"], lifetime, datetime.now(UTC)):
        return None
    return LinkedTicket(tenant_id=row["tenant_id"], ticket_id=row["ticket_id"])


@reads(StatusLinks)
def status_link_state(
    db: ReadStore, ctx: RequestContext, ticket_id: UUID, lifetime: timedelta
) -> StatusLinkState:
    authorize(ctx, TICKET_READERS)
    with db.transaction(commit=False) as curs:
        row = curs.execute(_STATE, (ticket_id, ctx.tenant_id)).fetchone()
    if row is None:
        raise NotFound("ticket", ticket_id)
    ends = expires_at(row["finished_at"], lifetime)
    return StatusLinkState(generation=row["generation"], expires_at=ends)
