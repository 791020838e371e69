"""A ticket's statuses, the one table of moves between them, and the rules of each move."""

from enum import StrEnum

from domain.errors import InvalidTransition, TicketClosed


class TicketStatus(StrEnum):
    NEW = "new"
    DIAGNOSING = "diagnosing"
    AWAITING_PARTS = "awaiting_parts"
    AWAITING_APPROVAL = "awaiting_approval"
    IN_REPAIR = "in_repair"
    READY_FOR_COLLECTION = "ready_for_collection"
    CLOSED = "closed"
    CANCELLED = "cancelled"


S = TicketStatus

# Every allowed move, from each status. Into `closed` only by a closure (it needs a resolution);
# out of `closed` and `cancelled` only by a reopening (it needs a reason). Into
# `awaiting_approval` only by sending a quote; out of it into `in_repair` only once the quote is
# approved (domain/quote.py), and a declined one's device goes back (`ready_for_collection`).
MOVES: dict[TicketStatus, frozenset[TicketStatus]] = {
    S.NEW: frozenset({S.DIAGNOSING, S.AWAITING_APPROVAL, S.IN_REPAIR, S.CANCELLED, S.CLOSED}),
    S.DIAGNOSING: frozenset(
        {
            S.AWAITING_PARTS,
            S.AWAITING_APPROVAL,
            S.IN_REPAIR,
            S.READY_FOR_COLLECTION,
            S.CANCELLED,
            S.CLOSED,
        }
    ),
    S.AWAITING_PARTS: frozenset(
        {S.DIAGNOSING, S.AWAITING_APPROVAL, S.IN_REPAIR, S.CANCELLED, S.CLOSED}
    ),
    S.AWAITING_APPROVAL: frozenset(
        {S.DIAGNOSING, S.IN_REPAIR, S.READY_FOR_COLLECTION, S.CANCELLED, S.CLOSED}
    ),
    S.IN_REPAIR: frozenset(
        {
            S.DIAGNOSING,
            S.AWAITING_PARTS,
            S.AWAITING_APPROVAL,
            S.READY_FOR_COLLECTION,
            S.CANCELLED,
            S.CLOSED,
        }
    ),
    S.READY_FOR_COLLECTION: frozenset({S.IN_REPAIR, S.CLOSED}),
    S.CLOSED: frozenset({S.NEW}),
    S.CANCELLED: frozenset({S.NEW}),
}

FINISHED = frozenset({S.CLOSED, S.CANCELLED})


def check_move(current: TicketStatus, target: TicketStatus) -> None:
    """Raise InvalidTransition unless the table allows moving from current to target."""
    if target not in MOVES[current]:
        raise InvalidTransition(f"a ticket cannot move from {current} to {target}")


def check_change(current: TicketStatus, target: TicketStatus) -> None:
    """A change of status by hand: into `closed` only by a closure (it needs a resolution), out
    of a finished status only by a reopening."""
    if target is S.CLOSED:
        raise InvalidTransition("a ticket is closed by a closure, which needs a resolution")
    if target is S.AWAITING_APPROVAL:
        raise InvalidTransition("a ticket awaits approval once a quote is sent")
    if current in FINISHED:
        raise InvalidTransition(f"a {current} ticket moves again only by a reopening")
    check_move(current, target)


def check_quote_sending(current: TicketStatus) -> bool:
    """Whether sending a quote moves the ticket into `awaiting_approval` (one there stays)."""
    check_unfinished(current, "send a quote on")
    if current is S.AWAITING_APPROVAL:
        return False
    check_move(current, S.AWAITING_APPROVAL)
    return True


def check_closure(current: TicketStatus) -> None:
    if current in FINISHED:
        raise TicketClosed(f"the ticket is already {current}")
    check_move(current, S.CLOSED)


def check_reopening(current: TicketStatus) -> None:
    if current not in FINISHED:
        raise InvalidTransition(f"only a closed or cancelled ticket reopens, not a {current}")
    check_move(current, S.NEW)


def check_deidentification(current: TicketStatus) -> None:
    if current not in FINISHED:
        raise InvalidTransition(f"only a finished ticket is de-identified, not a {current}")


def check_unfinished(current: TicketStatus, action: str) -> None:
    """Work on a ticket (assigning it, recording a repair) waits for a finished one to reopen."""
    if current in FINISHED:
        raise TicketClosed(f"cannot {action} a {current} ticket; reopen it first")
