"""How a message moves. Statuses only move forward: a provider's callback that arrives late,
twice or out of order changes nothing it should not."""

from domain.errors import DomainError
from domain.message_values import RANK, UNFINISHED, Direction, Status


def check_attempt(status: Status) -> None:
    """Only an unfinished message is sent (again)."""
    if status not in UNFINISHED:
        raise MessageFinished(f"the message is {status}")


def goes_further(direction: Direction, current: Status, reported: Status) -> bool:
    """Whether an outbound message that is not failed moves on to the status reported."""
    if direction is not Direction.OUTBOUND or current is Status.FAILED:
        return False
    return RANK[reported] > RANK[current]


def fails(direction: Direction, current: Status, permanent: bool) -> bool:
    """Whether a failure counts: one for now only while unfinished; a final one only before
    the message is read (or failed already); neither for an inbound message."""
    if direction is not Direction.OUTBOUND:
        return False
    if permanent:
        return current not in (Status.FAILED, Status.READ)
    return current in UNFINISHED


def check_assignable(direction: Direction) -> None:
    if direction is not Direction.INBOUND:
        raise NotInbound("only a message from a customer is assigned to a ticket")


class MessageFinished(DomainError):
    code = "message_finished"


class NotInbound(DomainError):
    code = "not_inbound"
