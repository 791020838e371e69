"""Parts on a ticket: each ordered from a supplier (with its tracking reference) for the repair,
then arrived or cancelled; and how the parts move the ticket.

An order moves the ticket into `awaiting_parts` when the status table allows it from where the
ticket is (`diagnosing`, `in_repair`); one already there stays, and in any other unfinished
status the order is only recorded. When the last open order arrives or is cancelled, a ticket
still in `awaiting_parts` goes back to the status it came from (`in_repair` only while its
quote allows repair to start, else `diagnosing`). Fitting a part is a repair recorded
(`RepairRecorded`, kind `part_replaced`), not a state here. Part numbers, suppliers, tracking
references and a part's serial are business data, not personal.
"""

from dataclasses import dataclass, replace
from enum import StrEnum
from uuid import UUID

from domain import quote, ticket_status
from domain.errors import DomainError, InvalidValue
from domain.money import MAX_QUANTITY, MAX_UNIT_CENTS, written
from domain.quote import Quote, QuoteNotApproved
from domain.refusals import NotFound
from domain.ticket_status import MOVES, TicketStatus

AWAITING = TicketStatus.AWAITING_PARTS


class PartState(StrEnum):
    ORDERED = "ordered"
    ARRIVED = "arrived"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class PartOrder:
    """What is ordered: the part, how many, its own serial where it has one, its cost (whole
    cents) and where it comes from."""

    part_number: str
    description: str
    quantity: int
    serial: str | None
    cost_cents: int
    supplier: str
    tracking: str | None

    def checked(self) -> "PartOrder":
        if not 1 <= self.quantity <= MAX_QUANTITY:
            raise InvalidValue("quantity", f"a whole number from 1 to {MAX_QUANTITY}")
        if not 0 <= self.cost_cents <= MAX_UNIT_CENTS:
            raise InvalidValue("cost", f"from 0.00 to {written(MAX_UNIT_CENTS)}")
        return self


@dataclass(frozen=True)
class Part:
    id: UUID
    order: PartOrder
    state: PartState = PartState.ORDERED


class PartNotOpen(DomainError):
    code = "part_not_open"


def check_ordering(current: TicketStatus) -> bool:
    """Whether ordering a part moves the ticket into `awaiting_parts`."""
    ticket_status.check_unfinished(current, "order a part for")
    return current is not AWAITING and AWAITING in MOVES[current]


def check_open(parts: tuple[Part, ...], part_id: UUID, current: TicketStatus) -> None:
    """A part arrives or is cancelled while its order is open, on an unfinished ticket."""
    ticket_status.check_unfinished(current, "change a part on")
    part = next((p for p in parts if p.id == part_id), None)
    if part is None:
        raise NotFound("part", part_id)
    if part.state is not PartState.ORDERED:
        raise PartNotOpen(f"the part is {part.state} already")


def changed(parts: tuple[Part, ...], part_id: UUID, state: PartState) -> tuple[Part, ...]:
    return tuple(replace(p, state=state) if p.id == part_id else p for p in parts)


def open_orders(parts: tuple[Part, ...]) -> bool:
    return any(p.state is PartState.ORDERED for p in parts)


def settled(
    current: TicketStatus, parts: tuple[Part, ...], came_from: TicketStatus, quotes: list[Quote]
) -> TicketStatus | None:
    """Where a ticket goes when an order closed: back to where it came from once no order is
    open, if it still awaits parts; None when it stays."""
    if current is not AWAITING or open_orders(parts):
        return None
    if came_from is TicketStatus.IN_REPAIR:
        try:
            quote.check_repair_may_start(quotes)
        except QuoteNotApproved:
            return TicketStatus.DIAGNOSING
    return came_from if came_from in MOVES[AWAITING] else TicketStatus.DIAGNOSING
