"""A ticket's statuses and the one table of moves between them."""

from enum import StrEnum

from domain.errors import InvalidTransition


class TicketStatus(StrEnum):
    NEW = "new"
    DIAGNOSING = "diagnosing"
    AWAITING_PARTS = "awaiting_parts"
    IN_REPAIR = "in_repair"
    READY_FOR_COLLECTION = "ready_for_collection"
    CLOSED = "closed"
    CANCELLED = "cancelled"


S = TicketStatus

# Every allowed move, from each status. Into `closed` only by a closure (it needs a resolution);
# out of `closed` and `cancelled` only by a reopening (it needs a reason).
MOVES: dict[TicketStatus, frozenset[TicketStatus]] = {
    S.NEW: frozenset({S.DIAGNOSING, S.IN_REPAIR, S.CANCELLED, S.CLOSED}),
    S.DIAGNOSING: frozenset(
        {S.AWAITING_PARTS, S.IN_REPAIR, S.READY_FOR_COLLECTION, S.CANCELLED, S.CLOSED}
    ),
    S.AWAITING_PARTS: frozenset({S.DIAGNOSING, S.IN_REPAIR, S.CANCELLED, S.CLOSED}),
    S.IN_REPAIR: frozenset(
        {S.DIAGNOSING, S.AWAITING_PARTS, S.READY_FOR_COLLECTION, S.CANCELLED, S.CLOSED}
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
