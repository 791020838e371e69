"""Personal fields are ciphertext in the store, plaintext in the domain, and never a crash."""

import json
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.bootstrap import Services
from adapters.crypto.aead import from_text
from adapters.crypto.mapper import MissingSubject
from domain.customer import Customer
from domain.personal import personal_fields
from domain.staff import StaffUser
from domain.ticket import Ticket
from domain.ticket_register import TicketRegister
from domain.ticket_values import Device
from domain.values import IntakeChannel, Priority, Role
from tests.privacy import holds_plaintext, stored_states
from tests.support import TenantKit

texts = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=12, max_size=60
)
emails = st.from_regex(r"[a-z][a-z0-9]{11,20}@example\.com", fullmatch=True)
phones = st.from_regex(r"\+2782[0-9]{7}", fullmatch=True)
usernames = st.from_regex(r"[a-z][a-z0-9._-]{11,30}", fullmatch=True)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=texts,
    surname=texts,
    email=emails,
    phone=phones,
    fault=texts,
    note=texts,
    username=usernames,
    display_name=texts,
    password_hash=texts,
    source=texts,
)
def test_stored_events_never_hold_a_personal_field_in_plaintext(
    tenant: TenantKit,
    name: str,
    surname: str,
    email: str,
    phone: str,
    fault: str,
    note: str,
    username: str,
    display_name: str,
    password_hash: str,
    source: str,
) -> None:
    app = tenant.services.app
    ctx = tenant.ctx(Role.ADMIN)
    customer = Customer.register(
        tenant_id=tenant.id,
        name=name,
        surname=surname,
        phone=phone,
        email=email,
        consents={},
        consent_source="registration",
    )
    ticket = Ticket.open(
        register=TicketRegister.start(uuid4()),
        customer_id=customer.id,
        device=Device("Sunsynk", "8K", "SS-1"),
        fault_description=fault,
        priority=Priority.NORMAL,
        channel=IntakeChannel.PHONE,
    )
    ticket.add_note(note)
    staff = StaffUser.register(
        tenant_id=tenant.id,
        username=f"{username}{uuid4().hex[:6]}",
        display_name=display_name,
        password_hash=password_hash,
        roles={Role.AGENT},
    )
    staff.logged_in(source)
    app.commit(ctx, customer, ticket, staff)
    app.take_snapshot(staff.id)
    secrets = (
        name,
        surname,
        email,
        phone,
        fault,
        note,
        staff.username or "",
        display_name,
        password_hash,
        source,
    )
    rows = stored_states(tenant.services, customer.id, ticket.id, staff.id)
    assert len(rows) == 6
    for topic, state in rows:
        assert holds_plaintext(state, *secrets) == [], topic
    assert app.repository.get(customer.id).name == name
    assert app.repository.get(ticket.id).notes[0].body == note
    assert app.repository.get(staff.id).password_hash == password_hash


def test_a_personal_field_is_stored_as_an_envelope_bound_to_its_place(
    services: Services, tenant: TenantKit
) -> None:
    app = services.app
    customer = _customer(tenant)
    stored = app.recorder.select_events(customer.id, limit=1)[0]
    state = json.loads(stored.state)
    for field in personal_fields(Customer.Registered) - {"phone"}:
        envelope = state[field]
        assert set(envelope) == {"_type_", "_data_"} and envelope["_type_"] == "personal"
        assert set(envelope["_data_"]) == {"key_id", "ciphertext"}
        assert envelope["_data_"]["key_id"] == str(customer.id)
        sealed = from_text(envelope["_data_"]["ciphertext"])
        assert sealed is not None and len(sealed) >= 12 + 16
    state["name"], state["surname"] = state["surname"], state["name"]
    swapped = StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=json.dumps(state).encode(),
    )
    event = app.mapper.to_domain_event(swapped)
    assert (event.name, event.surname, event.email) == (None, None, "n@example.com")  # type: ignore[attr-defined]


def test_an_envelope_whose_key_is_unknown_reads_none_and_does_not_raise(
    services: Services, tenant: TenantKit
) -> None:
    app = services.app
    customer = _customer(tenant)
    stored = app.recorder.select_events(customer.id, limit=1)[0]
    state = json.loads(stored.state)
    state["name"]["_data_"]["key_id"] = str(uuid4())
    state["surname"]["_data_"]["key_id"] = "not a key id"
    state["email"]["_data_"]["ciphertext"] = "!!!"
    event = app.mapper.to_domain_event(
        StoredEvent(stored.originator_id, 1, stored.topic, json.dumps(state).encode())
    )
    assert (event.name, event.surname, event.email) == (None, None, None)  # type: ignore[attr-defined]


def test_personal_information_without_a_subject_is_refused(
    services: Services, tenant: TenantKit
) -> None:
    customer = Customer.register(
        tenant_id=tenant.id,
        name="Nomsa",
        surname="Khumalo",
        phone=None,
        email="n@example.com",
        consents={},
        consent_source="registration",
    )
    with pytest.raises(MissingSubject):
        services.app.save(customer)
    assert not services.app.exists(customer.id)


def _customer(tenant: TenantKit) -> Customer:
    customer = Customer.register(
        tenant_id=tenant.id,
        name="Nomsa",
        surname="Khumalo",
        phone=None,
        email="n@example.com",
        consents={},
        consent_source="registration",
    )
    tenant.services.app.commit(tenant.ctx(Role.AGENT), customer)
    return customer
