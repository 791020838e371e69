"""Any sequence of commands leaves a ticket in a state its status table allows."""

from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.ticket import Device, Ticket
from domain.ticket_register import TicketRegister
from domain.ticket_status import FINISHED, MOVES, TicketStatus
from domain.values import IntakeChannel, Priority, RepairKind, Resolution

commands = st.one_of(
    st.tuples(st.just("status"), st.sampled_from(TicketStatus)),
    st.tuples(st.just("close"), st.sampled_from(Resolution)),
    st.tuples(st.just("reopen"), st.just("again")),
    st.tuples(st.just("assign"), st.uuids()),
    st.tuples(st.just("repair"), st.sampled_from(RepairKind)),
    st.tuples(st.just("note"), st.text(min_size=1, max_size=20)),
)


def new_ticket() -> Ticket:
    return Ticket.open(
        register=TicketRegister.start(uuid4()),
        customer_id=uuid4(),
        device=Device("Victron", "MultiPlus", "HQ2207X"),
        fault_description="no output",
        priority=Priority.NORMAL,
        channel=IntakeChannel.PHONE,
    )


def apply(ticket: Ticket, command: tuple[str, object]) -> None:
    name, arg = command
    if name == "status":
        ticket.change_status(TicketStatus(str(arg)))
    elif name == "close":
        ticket.close(Resolution(str(arg)), "done")
    elif name == "reopen":
        ticket.reopen("again")
    elif name == "assign":
        ticket.assign(arg)  # type: ignore[arg-type]
    elif name == "repair":
        ticket.record_repair(RepairKind(str(arg)), "work", part_number="P-1")
    else:
        ticket.add_note(str(arg))


@given(st.lists(commands, max_size=40))
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
