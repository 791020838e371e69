"""Customers: contact details in canonical form, consents that match them, devices."""

import pytest

from domain.customer_rules import DeviceAlreadyRegistered
from domain.errors import InvalidValue
from domain.values import ContactChannel, email_address, phone_number
from tests.unit.builders import customer


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("082 555 1234", "+27825551234"),
        ("+27 82 555 1234", "+27825551234"),
        ("0215551234", "+27215551234"),
    ],
)
def test_phone_numbers_are_kept_in_e164(raw: str, e164: str) -> None:
    assert phone_number(raw) == e164


@pytest.mark.parametrize("raw", ["12345", "not a number", "+1 555", "0"])
def test_a_phone_that_is_not_one_is_refused(raw: str) -> None:
    with pytest.raises(InvalidValue):
        phone_number(raw)


def test_email_domains_are_canonical() -> None:
    assert email_address("Thandi@Example.CO.ZA") == "Thandi@example.co.za"
    with pytest.raises(InvalidValue):
        email_address("thandi@")


def test_a_customer_needs_a_way_to_be_reached() -> None:
    with pytest.raises(InvalidValue):
        customer(phone=None, email=None, consents={})


def test_consent_to_a_channel_needs_its_contact_detail() -> None:
    with pytest.raises(InvalidValue) as refused:
        customer(
            phone=None,
            email="t@example.com",
            consents={ContactChannel.WHATSAPP: True},
        )
    assert refused.value.field == "consents.whatsapp"


def test_withdrawing_consent_is_recorded_with_its_source() -> None:
    c = customer()
    assert c.has_consent(ContactChannel.SMS)
    c.record_consent(ContactChannel.SMS, False, "customer replied STOP")
    assert not c.has_consent(ContactChannel.SMS)
    assert c.consents[ContactChannel.SMS].source == "customer replied STOP"


def test_a_correction_records_only_what_changed() -> None:
    c = customer()
    version = c.version
    c.correct(name="Thandi", surname="Dlamini")
    assert c.version == version + 1
    event = c.pending_events[-1]
    assert event.corrected == ["surname"]  # type: ignore[attr-defined]
    c.correct(surname="Dlamini")
    assert c.version == version + 1


def test_a_correction_cannot_leave_no_contact() -> None:
    with pytest.raises(InvalidValue):
        customer().correct(phone=None)


def test_a_device_is_registered_once() -> None:
    c = customer()
    c.register_device("Sunsynk", "8K", "ss-1")
    assert c.has_device("SS-1")
    with pytest.raises(DeviceAlreadyRegistered):
        c.register_device("Sunsynk", "8K", "SS-1")


def test_an_objection_restricts_processing_once() -> None:
    c = customer()
    c.record_objection("no more messages")
    version = c.version
    c.record_objection("again")
    assert c.restricted and c.version == version
