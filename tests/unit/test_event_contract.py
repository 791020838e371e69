"""The message contract: what is published, how personal fields travel, and the schemas."""

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Notification, Transcoding
from jsonschema import Draft202012Validator

from adapters.kafka.catalogue import event_type, published_events
from adapters.kafka.messages import Contract, Unpublishable, event_id
from adapters.kafka.schemas import DOCS, all_schemas, render
from commands.application import Aftersales
from domain.customer import Customer
from domain.staff import StaffUser
from domain.tenant import Tenant
from domain.values import ContactChannel, Role


@dataclass(frozen=True)
class Envelope:
    """The shape the privacy mapper decodes a personal field to."""

    key_id: str
    ciphertext: str


class EnvelopeAsDict(Transcoding):
    type = Envelope
    name = "envelope"

    def encode(self, obj: Envelope) -> dict[str, str]:
        return {"key_id": obj.key_id, "ciphertext": obj.ciphertext}

    def decode(self, data: dict[str, str]) -> Envelope:
        return Envelope(**data)


@pytest.fixture(scope="module")
def app() -> Aftersales:
    app = Aftersales(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    app.mapper.transcoder.register(EnvelopeAsDict())  # type: ignore[attr-defined]
    return app


def stored(app: Aftersales, event: DomainEventProtocol[UUID], **fields: Any) -> Notification:
    """The event as the store would hand it to the relay."""
    object.__setattr__(event, "meta", {"tenant_id": str(uuid4()), "actor": "system"})
    for name, value in fields.items():
        object.__setattr__(event, name, value)
    record = app.mapper.to_stored_event(event)
    return Notification(
        record.originator_id, record.originator_version, record.topic, record.state, id=7
    )


def customer() -> Customer:
    return Customer.register(
        tenant_id=uuid4(),
        name="Thandi",
        surname="Nkosi",
        phone="0825551234",
        email="thandi@example.co.za",
        consents={ContactChannel.SMS: True},
        consent_source="registration",
    )


def test_envelopes_pass_through_untouched_and_fit_the_schema(app: Aftersales) -> None:
    envelopes = {f: Envelope(f"key-{f}", f"cipher-{f}") for f in ("name", "surname", "phone")}
    notification = stored(app, customer().pending_events[0], **envelopes, email=None)
    message = Contract("aftersales", app.mapper.transcoder).message(notification)
    assert message is not None and message.topic == "aftersales.customers.v1"
    value = json.loads(message.value)
    assert value["data"]["name"] == {"key_id": "key-name", "ciphertext": "cipher-name"}
    assert value["data"]["email"] is None
    schema = all_schemas()["Customer.Registered.schema.json"]
    Draft202012Validator(schema).validate(value)


def test_a_personal_field_stored_in_the_clear_is_withheld(app: Aftersales) -> None:
    message = Contract("aftersales", app.mapper.transcoder).message(
        stored(app, customer().pending_events[0])
    )
    assert message is not None
    assert b"Thandi" not in message.value and b"thandi@" not in message.value
    assert json.loads(message.value)["data"]["consents"] == {"sms": True}


def test_credentials_and_login_records_are_not_published(app: Aftersales) -> None:
    user = StaffUser.register(
        tenant_id=uuid4(),
        username="desk-1",
        display_name="Desk",
        password_hash="$argon2id$secret",
        roles={Role.AGENT},
    )
    user.logged_in("127.0.0.1")
    user.login_failed("127.0.0.1", "wrong password")
    registered, logged_in, failed = user.pending_events
    contract = Contract("aftersales", app.mapper.transcoder)
    message = contract.message(stored(app, registered))
    assert message is not None and b"password_hash" not in message.value
    assert b"argon2" not in message.value
    assert contract.message(stored(app, logged_in)) is None
    assert contract.message(stored(app, failed)) is None


def test_an_event_that_says_no_tenant_or_actor_stops_the_relay_rather_than_be_skipped(
    app: Aftersales,
) -> None:
    notification = stored(app, customer().pending_events[0], meta={})
    with pytest.raises(Unpublishable, match="no tenant or actor"):
        Contract("aftersales", app.mapper.transcoder).message(notification)


def test_an_events_id_is_the_same_every_time_and_differs_between_events() -> None:
    aggregate_id = uuid4()
    assert event_id(aggregate_id, 3) == event_id(aggregate_id, 3)
    assert event_id(aggregate_id, 3) != event_id(aggregate_id, 4) != event_id(uuid4(), 4)


def test_the_published_events_are_the_business_facts_only() -> None:
    published = {event_type(event) for _, event in published_events()}
    assert {
        "Tenant.Created",
        "Ticket.Opened",
        "Customer.Erased",
        "StaffUser.Registered",
    } <= published
    assert not {t for t in published if t.startswith("TicketRegister.")}
    assert not published & {
        "StaffUser.LoggedIn",
        "StaffUser.LoginFailed",
        "StaffUser.PasswordRehashed",
    }
    assert {"Message.Queued", "Message.Received", "Message.Failed"} <= published
    assert not {t for t in published if t.startswith("Conversation.")}
    assert f"{Tenant.__name__}.StaffEnrolled" in published and len(published) == 33


def test_the_schemas_in_the_docs_are_the_ones_the_event_classes_give() -> None:
    schemas = all_schemas()
    on_disk = {path.name for path in DOCS.glob("*.schema.json")}
    assert on_disk == set(schemas), "run: python -m adapters.kafka.schemas"
    for name, schema in schemas.items():
        assert (DOCS / name).read_text() == render(schema), f"{name} is stale"
