"""Messages: statuses only move forward, templates fill their placeholders in order, the rules
of who may be sent what, and SMS keywords."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from commands.inbound import consent_keyword
from domain.customer import Customer
from domain.erasure import ErasureGround
from domain.errors import InvalidValue, PersonalDataErased
from domain.message import Message
from domain.message_templates import MessageTemplate
from domain.message_values import Content, Status
from domain.outreach import (
    Conversation,
    NoConsent,
    ProcessingRestricted,
    WhatsAppWindowClosed,
    address_for,
    check_window,
)
from domain.values import ContactChannel


def queued() -> Message:
    return Message.queue(
        message_id=uuid4(),
        tenant_id=uuid4(),
        customer_id=uuid4(),
        ticket_id=uuid4(),
        channel=ContactChannel.SMS,
        purpose="staff",
        to="+27825551234",
        content=Content(body="Your quote is R450"),
    )


def kinds(message: Message) -> list[str]:
    return [type(e).__name__ for e in message.pending_events]


def test_statuses_only_move_forward_and_a_repeat_changes_nothing() -> None:
    message = queued()
    message.attempt()
    message.record_read()
    message.record_delivered()
    message.record_sent("late")
    message.record_read()
    message.record_failure("whatsapp_131047", "too late", permanent=True)
    assert kinds(message) == ["Queued", "SendAttempted", "Read"]
    assert message.status is Status.READ


def test_a_failure_for_now_leaves_the_message_to_be_tried_again_and_a_final_one_ends_it() -> None:
    message = queued()
    message.attempt()
    message.record_failure("http_500", "down", permanent=False)
    assert message.status == Status.RETRYING
    message.attempt()
    message.record_failure("http_400", "invalid number", permanent=True)
    message.record_sent("after the end")
    message.record_failure("http_500", "again", permanent=False)
    assert (message.status, message.failure_code) == (Status.FAILED, "http_400")
    assert kinds(message)[-1] == "Failed"


def test_a_template_fills_the_text_and_gives_whatsapp_its_values_in_order() -> None:
    template = MessageTemplate(
        "Hi {first_name}, {ticket_number} ({device}) is ready, {first_name}!",
        "{ticket_number} is ready",
        "repair_ready",
    )
    values = {"first_name": "Thandi", "ticket_number": "T-000007", "device": "Sunsynk 8kW"}
    content = template.render(values)
    assert content.body == "Hi Thandi, T-000007 (Sunsynk 8kW) is ready, Thandi!"
    assert content.subject == "T-000007 is ready"
    assert content.parameters == ("Thandi", "T-000007", "Sunsynk 8kW", "Thandi")
    with pytest.raises(InvalidValue) as missing:
        template.render({"first_name": "Thandi"})
    assert missing.value.field == "parameters.ticket_number"


def customer(**consents: bool) -> Customer:
    return Customer.register(
        tenant_id=uuid4(),
        name="Thandi",
        surname="Nkosi",
        phone="082 555 1234",
        email="thandi@example.org",
        consents={ContactChannel(c): g for c, g in consents.items()},
        consent_source="registration",
    )


def test_only_a_consenting_customer_who_has_not_objected_is_messaged() -> None:
    person = customer(sms=True)
    assert address_for(person, ContactChannel.SMS) == "+27825551234"
    with pytest.raises(NoConsent):
        address_for(person, ContactChannel.EMAIL)
    person.record_objection("no messages")
    with pytest.raises(ProcessingRestricted):
        address_for(person, ContactChannel.SMS)
    gone = customer(sms=True)
    gone.erase(ErasureGround.DATA_SUBJECT_REQUEST, "asked")
    with pytest.raises(PersonalDataErased):
        address_for(gone, ContactChannel.SMS)


def test_whatsapp_free_text_needs_the_customer_to_have_written_in_the_last_24_hours() -> None:
    now = datetime.now(UTC)
    text, template = Content(body="hello"), Content(body="hello", template="repair_ready")
    with pytest.raises(WhatsAppWindowClosed):
        check_window(text, ContactChannel.WHATSAPP, None, now)
    check_window(template, ContactChannel.WHATSAPP, None, now)
    check_window(text, ContactChannel.SMS, None, now)
    conversation = Conversation.start(uuid4(), uuid4(), ContactChannel.WHATSAPP)
    conversation.customer_wrote(uuid4(), now - timedelta(hours=23))
    check_window(text, ContactChannel.WHATSAPP, conversation, now)
    conversation.customer_wrote(uuid4(), now - timedelta(hours=30))  # older: no change
    with pytest.raises(WhatsAppWindowClosed):
        check_window(text, ContactChannel.WHATSAPP, conversation, now + timedelta(hours=2))


@pytest.mark.parametrize(
    ("body", "granted"),
    [("STOP", False), (" stop ", False), ("Opt-out", False), ("START", True), ("stop it", None)],
)
def test_sms_keywords_are_the_whole_message(body: str, granted: bool | None) -> None:
    assert consent_keyword(body) is granted
