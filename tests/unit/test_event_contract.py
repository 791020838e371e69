"""The message contract: what is published, how personal fields travel, and the schemas."""

import dataclasses
import json
from typing import Any
from uuid import UUID, uuid4

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, Mapper, Notification
from jsonschema import Draft202012Validator

from adapters.crypto.aead import new_key
from adapters.crypto.envelope import PersonalEnvelopeAsDict
from adapters.crypto.mapper import PersonalMapper
from adapters.kafka.catalogue import event_type, published_events
from adapters.kafka.messages import Contract, Unpublishable, event_id
from adapters.kafka.schemas import DOCS, all_schemas, render
from commands.application import Aftersales
from domain.customer import Customer
from domain.erasure import ErasureGround
from domain.staff import StaffUser
from domain.tenant import Tenant
from domain.values import ContactChannel, Role


class KeysInMemory:
    """The mapper's data keys (`adapters.crypto.mapper.DataKeySource`) in a dict, none destroyed."""

    def __init__(self) -> None:
        self.keys: dict[UUID, AESGCM] = {}

    def for_writing(self, key_id: UUID, owner_id: UUID) -> AESGCM:
        return self.keys.setdefault(key_id, AESGCM(new_key()))

    def for_reading(self, key_id: UUID) -> AESGCM | None:
        return self.keys.get(key_id)

    def forget_destroyed(self) -> None:
        """No key is destroyed here."""

    def prefetch(self, key_ids: set[UUID]) -> None:
        """Every key is at hand already."""


def in_memory() -> Aftersales:
    return Aftersales(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture(scope="module")
def mapper() -> PersonalMapper:
    """Production's mapper and envelope encoding, as the key store builds them."""
    transcoder = in_memory().construct_transcoder()
    assert isinstance(transcoder, JSONTranscoder)
    transcoder.register(PersonalEnvelopeAsDict())
    return PersonalMapper(transcoder, KeysInMemory())


def stored(mapper: Mapper[UUID], event: DomainEventProtocol[UUID], **fields: Any) -> Notification:
    """The event as the store would hand it to the relay."""
    meta = {"tenant_id": str(uuid4()), "actor": "system", "subject_id": str(event.originator_id)}
    object.__setattr__(event, "meta", meta)
    for name, value in fields.items():
        object.__setattr__(event, name, value)
    record = mapper.to_stored_event(event)
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


def test_personal_fields_are_stored_as_envelopes_and_published_as_stored(
    mapper: PersonalMapper,
) -> None:
    notification = stored(mapper, customer().pending_events[0], email=None)
    fields = json.loads(notification.state)
    envelope = fields["name"]
    assert envelope["_type_"] == "personal" and set(envelope["_data_"]) == {"key_id", "ciphertext"}
    assert b"Thandi" not in notification.state
    message = Contract("aftersales", mapper.transcoder).message(notification)
    assert message is not None and message.topic == "aftersales.customers.v1"
    value = json.loads(message.value)
    for name in ("name", "surname", "phone"):
        assert value["data"][name] == fields[name]["_data_"], name
    assert value["data"]["email"] is None
    assert b"Thandi" not in message.value
    Draft202012Validator(all_schemas()["Customer.Registered.schema.json"]).validate(value)
    assert vars(mapper.to_domain_event(notification))["name"] == "Thandi"


def test_a_personal_field_stored_in_the_clear_is_withheld() -> None:
    app = in_memory()  # a store written without encryption
    message = Contract("aftersales", app.mapper.transcoder).message(
        stored(app.mapper, customer().pending_events[0])
    )
    assert message is not None
    assert b"Thandi" not in message.value and b"thandi@" not in message.value
    assert json.loads(message.value)["data"]["consents"] == {"sms": True}


def test_credentials_and_login_records_are_not_published(mapper: PersonalMapper) -> None:
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
    contract = Contract("aftersales", mapper.transcoder)
    message = contract.message(stored(mapper, registered))
    assert message is not None and b"password_hash" not in message.value
    assert b"argon2" not in message.value
    assert contract.message(stored(mapper, logged_in)) is None
    assert contract.message(stored(mapper, failed)) is None


def test_an_event_that_says_no_tenant_or_actor_stops_the_relay_rather_than_be_skipped(
    mapper: PersonalMapper,
) -> None:
    notification = stored(mapper, customer().pending_events[0], meta={"subject_id": str(uuid4())})
    with pytest.raises(Unpublishable, match="no tenant or actor"):
        Contract("aftersales", mapper.transcoder).message(notification)


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
        "Customer.PrivacyNoticeGiven",
        "Tenant.PrivacyNoticePublished",
        "StaffUser.Registered",
    } <= published
    assert not {t for t in published if t.startswith("TicketRegister.")}
    assert not published & {
        "StaffUser.LoggedIn",
        "StaffUser.LoginFailed",
        "StaffUser.PasswordRehashed",
        "StaffUser.PasswordChanged",
        "StaffUser.PasswordReset",
    }
    assert {"Message.Queued", "Message.Received", "Message.Failed"} <= published
    assert not {t for t in published if t.startswith("Conversation.")}
    assert {"Ticket.QuoteDrafted", "Ticket.QuoteApproved", "Tenant.BillingSet"} <= published
    assert {"Ticket.StatusLinkRevoked", "Tenant.ShopDetailsSet"} <= published
    assert {"Ticket.SatisfactionRated", "Tenant.SatisfactionQuestionSet"} <= published
    assert {"Ticket.PartOrdered", "Ticket.PartArrived", "Ticket.PartCancelled"} <= published
    assert {"Tenant.CatalogueEntrySet", "Tenant.CatalogueEntryRemoved"} <= published
    assert "Customer.DeviceInstallationRecorded" in published
    assert f"{Tenant.__name__}.StaffEnrolled" in published and len(published) == 56


def test_the_schemas_in_the_docs_are_the_ones_the_event_classes_give() -> None:
    schemas = all_schemas()
    on_disk = {path.name for path in DOCS.glob("*.schema.json")}
    assert on_disk == set(schemas), "run: python -m adapters.kafka.schemas"
    for name, schema in schemas.items():
        assert (DOCS / name).read_text() == render(schema), f"{name} is stale"


def _staff() -> StaffUser:
    return StaffUser.register(
        tenant_id=uuid4(),
        username="desk-2",
        display_name="Desk",
        password_hash="$argon2id$secret",
        roles={Role.AGENT},
    )


def _reasons() -> list[DomainEventProtocol[UUID]]:
    """An erasure, a consent and a deactivation, each with text that names the person."""
    person = customer()
    person.record_consent(ContactChannel.EMAIL, True, "phone call with Thandi on 0825551234")
    person.erase(ErasureGround.DATA_SUBJECT_REQUEST, "requested by Thandi on 0825551234")
    user = _staff()
    user.deactivate("Thandi's complaint", deactivated_by=uuid4())
    return [*person.pending_events[1:], user.pending_events[1]]


def test_reasons_and_sources_are_published_sealed_and_the_erasures_ground_plain(
    mapper: PersonalMapper,
) -> None:
    contract = Contract("aftersales", mapper.transcoder)
    consent, erasure, deactivation = _reasons()
    for event, field in ((consent, "source"), (erasure, "reason"), (deactivation, "reason")):
        message = contract.message(stored(mapper, event))
        assert message is not None and b"Thandi" not in message.value
        value = json.loads(message.value)
        assert set(value["data"][field]) == {"key_id", "ciphertext"}
        Draft202012Validator(all_schemas()[f"{value['type']}.schema.json"]).validate(value)
    message = contract.message(stored(mapper, erasure))
    assert message is not None
    assert json.loads(message.value)["data"]["ground"] == "data_subject_request"


def test_events_stored_with_these_texts_in_plaintext_are_published_without_them(
    mapper: PersonalMapper,
) -> None:
    """As the first waves stored them: no class_version, no ground, the text in the clear."""
    contract = Contract("aftersales", mapper.transcoder)
    for event, field in zip(_reasons(), ("source", "reason", "reason"), strict=True):
        notification = stored(mapper, event)
        state = json.loads(notification.state)
        state[field] = f"{field} of Thandi, in the clear"
        for added_later in ("class_version", "ground"):
            state.pop(added_later, None)
        old = dataclasses.replace(notification, state=json.dumps(state).encode())
        message = contract.message(old)
        assert message is not None and b"Thandi" not in message.value
        value = json.loads(message.value)
        assert value["data"][field] is None
        Draft202012Validator(all_schemas()[f"{value['type']}.schema.json"]).validate(value)
        if value["type"] == "Customer.Erased":
            assert value["data"]["ground"] == "other"
