"""An aggregate rebuilt from its stored events equals the live one."""

from uuid import uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.application import Aftersales
from domain.context import RequestContext
from domain.customer import Customer
from domain.errors import DomainError
from domain.personal import personal_fields
from domain.staff import StaffUser
from domain.ticket import Ticket
from domain.values import ContactChannel
from tests.unit.builders import apply, customer, new_ticket, ticket_commands

app = Aftersales(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
CTX = RequestContext(tenant_id=uuid4(), actor="system")


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(ticket_commands, max_size=25))
def test_a_ticket_rebuilt_from_its_events_equals_the_live_one(
    sequence: list[tuple[str, object]],
) -> None:
    ticket = new_ticket()
    for command in sequence:
        try:
            apply(ticket, command)
        except DomainError:
            pass
    app.save(ticket)
    assert app.repository.get(ticket.id) == ticket


names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    min_size=1,
    max_size=30,
)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(names, names, st.booleans(), st.booleans())
def test_a_customer_rebuilt_from_its_events_equals_the_live_one(
    name: str, surname: str, sms: bool, objects: bool
) -> None:
    c = customer(name=name, surname=surname, email="a@example.com")
    c.register_device("Pylontech", "US3000C", "PYL-1", None, None)
    c.record_consent(ContactChannel.SMS, sms, "call")
    c.correct(surname=surname + " Jr")
    if objects:
        c.record_objection("stop")
    app.save(c)
    assert app.repository.get(c.id) == c


def test_personal_fields_are_declared_next_to_the_events() -> None:
    assert personal_fields(Customer.Registered) == {
        "name",
        "surname",
        "phone",
        "email",
        "consent_source",
    }
    assert personal_fields(Ticket.Opened) == {"fault_description"}
    assert personal_fields(Ticket.NoteAdded) == {"body"}
    assert personal_fields(StaffUser.LoggedIn) == {"source"}
    assert personal_fields(Ticket.Assigned) == set()
