"""Any sequence of commands leaves a ticket in a state its status table allows."""

from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.ticket_status import FINISHED, MOVES, TicketStatus
from tests.unit.builders import apply, new_ticket, ticket_commands


@given(st.lists(ticket_commands, max_size=40))
def test_every_status_a_ticket_reaches_is_a_move_its_table_allows(
    sequence: list[tuple[str, object]],
) -> None:
    ticket = new_ticket()
    for command in sequence:
        before, version = ticket.status, ticket.version
        try:
            apply(ticket, command)
        except DomainError:
            assert (ticket.status, ticket.version) == (before, version)
            continue
        if ticket.status != before:
            assert ticket.status in MOVES[before]
        if command[0] == "close":
            assert ticket.status is TicketStatus.CLOSED and ticket.closed_at is not None
        if before in FINISHED and command[0] in ("assign", "repair", "status"):
            raise AssertionError(f"{command[0]} changed a {before} ticket")


def test_the_table_lets_every_open_ticket_be_closed_or_cancelled_and_finished_ones_reopen() -> None:
    for status, targets in MOVES.items():
        if status in FINISHED:
            assert targets == {TicketStatus.NEW}
        else:
            assert TicketStatus.CLOSED in targets
            assert TicketStatus.CANCELLED in targets or status is TicketStatus.READY_FOR_COLLECTION
