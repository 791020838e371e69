"""The relay publishes every published event, keyed, with its headers, as its schema says."""

import json
import logging
import random
from pathlib import Path
from uuid import UUID

from jsonschema import Draft202012Validator
from pytest import LogCaptureFixture

from adapters.bootstrap import Services
from adapters.crypto.aead import from_text, unseal
from adapters.crypto.envelope import associated_data
from adapters.kafka.catalogue import SCHEMA_VERSION
from adapters.kafka.relay import Relay
from commands.bus import send
from commands.privacy import EraseCustomer
from domain.values import Role
from tests.broker import LocalBroker
from tests.reading import assert_exactly_once_in_order, expected_events, having, read
from tests.relaying import config_for, follower_for, random_text, relay_for, workshop_day
from tests.support import TenantKit

EVENTS = Path(__file__).resolve().parents[2] / "docs" / "events"
TOPIC_OF = {
    "Ticket": "tickets",
    "Customer": "customers",
    "StaffUser": "staff",
    "Tenant": "tenants",
    "Message": "messages",
}


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((EVENTS / f"{kind}.schema.json").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_every_message_is_keyed_by_its_aggregate_carries_its_headers_and_fits_its_schema(
    services: Services, tenant: TenantKit, broker: LocalBroker
) -> None:
    workshop_day(tenant)
    config = config_for(broker)
    relay = relay_for(services, config, Relay)
    follower_for(services, relay).catch_up()
    expected = expected_events(services)
    received = read(config, having(expected))

    assert len(received) == len(expected)
    for message in received:
        value, headers = message.value, message.headers
        validator(value["type"]).validate(value)
        aggregate_type = value["type"].split(".")[0]
        assert message.topic == f"{config.prefix}.{TOPIC_OF[aggregate_type]}.v1"
        assert message.key == value["aggregate_id"]
        assert headers["event_id"] == value["event_id"]
        assert headers["tenant_id"] == value["tenant_id"]
        assert headers["event_type"] == value["type"]
        assert headers["schema_version"] == str(SCHEMA_VERSION)
        assert int(headers["notification_id"]) >= 1
    kinds = {m.value["type"] for m in received}
    assert {"Ticket.Opened", "Ticket.Closed", "Customer.Registered", "Tenant.Created"} <= kinds
    assert not kinds & {"StaffUser.LoggedIn", "TicketRegister.NumberIssued"}
    assert relay.position() == services.app.recorder.max_notification_id()


def test_each_aggregates_events_arrive_in_order_though_spread_over_partitions(
    services: Services, tenant: TenantKit, broker: LocalBroker
) -> None:
    for _ in range(3):
        workshop_day(tenant)
    config = config_for(broker)
    follower_for(services, relay_for(services, config, Relay), batch_size=7).catch_up()
    expected = expected_events(services)
    received = read(config, having(expected))

    assert_exactly_once_in_order(received, expected)
    tickets = [m for m in received if m.topic.endswith(".tickets.v1")]
    assert len({m.partition for m in tickets}) > 1
    by_key: dict[str, set[int]] = {}
    for message in received:
        by_key.setdefault(message.key, set()).add(message.partition)
    assert all(len(partitions) == 1 for partitions in by_key.values())


def test_no_message_holds_a_customers_name_phone_or_email_in_plaintext(
    services: Services, tenant: TenantKit, broker: LocalBroker
) -> None:
    name = random_text(16)
    phone = f"+2782{random.randint(1000000, 9999999)}"
    email = f"{random_text(10).lower()}@example.co.za"
    workshop_day(tenant, name=name, phone=phone, email=email)
    config = config_for(broker)
    follower_for(services, relay_for(services, config, Relay)).catch_up()
    received = read(config, having(expected_events(services)))

    national = phone.removeprefix("+27")
    for message in received:
        text = json.dumps(message.value) + json.dumps(message.headers)
        assert name not in text and email not in text and national not in text


def test_personal_fields_travel_as_envelopes_that_no_longer_open_after_an_erasure(
    services: Services, tenant: TenantKit, broker: LocalBroker, caplog: LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="aftersales")
    name = random_text(16)
    customer_id = workshop_day(tenant, name=name)
    config = config_for(broker)
    follower_for(services, relay_for(services, config, Relay)).catch_up()
    registered = next(
        m.value
        for m in read(config, having(expected_events(services)))
        if m.value["type"] == "Customer.Registered" and m.value["aggregate_id"] == str(customer_id)
    )
    envelope = registered["data"]["name"]
    assert set(envelope) == {"key_id", "ciphertext"} and name not in json.dumps(registered)
    assert all(set(registered["data"][f]) == {"key_id", "ciphertext"} for f in ("surname", "phone"))
    assert "stored unencrypted" not in caplog.text

    def opened() -> bytes | None:
        key = services.keys.for_reading(UUID(envelope["key_id"]))
        sealed = from_text(envelope["ciphertext"])
        place = associated_data(customer_id, registered["aggregate_version"], "name")
        return unseal(key, sealed, place) if key is not None and sealed is not None else None

    assert opened() == name.encode()
    send(
        EraseCustomer(customer_id=customer_id, reason="the customer asked"),
        tenant.ctx(Role.COMPLIANCE_OFFICER),
        services.app,
    )
    services.keys.forget_destroyed()
    assert opened() is None
