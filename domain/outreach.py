"""Who may be sent what, where: consent per channel, objections, erasure, and WhatsApp's
24 hours after the customer's last message, outside which only an approved template goes.

The window is kept per customer and channel in a `Conversation` of its own, so that a reply
changes neither the customer nor their ticket.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.customer import Customer
from domain.errors import DomainError, PersonalDataErased
from domain.message_values import Content
from domain.values import ContactChannel

WINDOW = timedelta(hours=24)
_CONVERSATIONS = uuid5(NAMESPACE_URL, "https://aftersales.co.za/conversations")


def conversation_id_for(customer_id: UUID, channel: ContactChannel) -> UUID:
    return uuid5(_CONVERSATIONS, f"{customer_id}/{channel.value}")


class Conversation(Aggregate):
    """When a customer last wrote to the business on a channel."""

    class Started(Aggregate.Created):
        tenant_id: UUID
        customer_id: UUID
        channel: str

        def apply(self, conversation: "Conversation") -> None:
            conversation.tenant_id = self.tenant_id
            conversation.customer_id = self.customer_id
            conversation.last_inbound_at = None

    class CustomerWrote(Aggregate.Event):
        message_id: UUID
        at: datetime

        def apply(self, conversation: "Conversation") -> None:
            conversation.last_inbound_at = self.at

    if TYPE_CHECKING:
        tenant_id: UUID
        customer_id: UUID
        last_inbound_at: datetime | None

    @classmethod
    def start(cls, tenant_id: UUID, customer_id: UUID, channel: ContactChannel) -> "Conversation":
        return cls._create(
            cls.Started,
            id=conversation_id_for(customer_id, channel),
            tenant_id=tenant_id,
            customer_id=customer_id,
            channel=channel.value,
        )

    @property
    def data_subject_id(self) -> UUID:
        return self.customer_id

    def customer_wrote(self, message_id: UUID, at: datetime) -> None:
        """A message from the customer, sent at `at`: the window runs from the latest."""
        if self.last_inbound_at is None or at > self.last_inbound_at:
            self.trigger_event(self.CustomerWrote, message_id=message_id, at=at)

    def open_at(self, now: datetime) -> bool:
        return self.last_inbound_at is not None and now - self.last_inbound_at < WINDOW


def address_for(customer: Customer, channel: ContactChannel) -> str:
    """The customer's address on the channel, if they may be sent a message there."""
    if customer.erased:
        raise PersonalDataErased("the customer is erased")
    if customer.restricted:
        raise ProcessingRestricted("the customer objected to processing: no messages")
    address = customer.email if channel is ContactChannel.EMAIL else customer.phone
    if not customer.has_consent(channel) or not address:
        raise NoConsent(f"the customer has not consented to messages by {channel}")
    return address


def address_on_record(customer: Customer, channel: ContactChannel) -> str:
    """The customer's address on the channel whatever their consents (for what they asked for
    themselves: a privacy request's answers), while they are not erased."""
    if customer.erased:
        raise PersonalDataErased("the customer is erased")
    address = customer.email if channel is ContactChannel.EMAIL else customer.phone
    if not address:
        raise NoConsent(f"the customer's record holds no address for {channel}")
    return address


def check_window(
    content: Content, channel: ContactChannel, conversation: Conversation | None, now: datetime
) -> None:
    """Free text on WhatsApp only within 24 hours of the customer's last message."""
    if channel is not ContactChannel.WHATSAPP or content.template is not None:
        return
    if conversation is None or not conversation.open_at(now):
        raise WhatsAppWindowClosed(
            "the customer has not written on WhatsApp in the last 24 hours: send an approved "
            "template (`template` with `parameters`) or use another channel"
        )


class NoConsent(DomainError):
    code = "no_consent"


class ProcessingRestricted(DomainError):
    code = "processing_restricted"


class WhatsAppWindowClosed(DomainError):
    code = "whatsapp_window_closed"
