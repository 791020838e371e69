"""Aggregates to test the domain with: a registered customer, an opened ticket, and the commands
a ticket takes (a hypothesis strategy, and `apply` to run one)."""

from uuid import uuid4

from hypothesis import strategies as st

from domain.customer import Customer
from domain.ticket import Ticket
from domain.ticket_register import TicketRegister
from domain.ticket_status import TicketStatus
from domain.ticket_values import Device
from domain.values import ContactChannel, IntakeChannel, Priority, RepairKind, Resolution

ticket_commands = st.one_of(
    st.tuples(st.just("status"), st.sampled_from(TicketStatus)),
    st.tuples(st.just("close"), st.sampled_from(Resolution)),
    st.tuples(st.just("reopen"), st.just("again")),
    st.tuples(st.just("assign"), st.uuids()),
    st.tuples(st.just("repair"), st.sampled_from(RepairKind)),
    st.tuples(st.just("note"), st.text(min_size=1, max_size=20)),
)


def customer(**changes: object) -> Customer:
    details: dict[str, object] = {
        "tenant_id": uuid4(),
        "name": "Thandi",
        "surname": "Nkosi",
        "phone": "082 555 1234",
        "email": None,
        "consents": {ContactChannel.SMS: True},
        "consent_source": "registration",
        **changes,
    }
    return Customer.register(**details)  # type: ignore[arg-type]


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
