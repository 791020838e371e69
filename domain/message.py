"""A message to or from a customer, on WhatsApp, SMS or email, from queued to read.

Its own aggregate, so delivery never changes its ticket; its status only moves forward
(message_rules.py). Its text, address and template parameters are personal information about
the customer (its data subject); an unknown number's message is its own until staff assign it."""

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.message_rules import check_assignable, check_attempt, fails, goes_further
from domain.message_values import Content, Direction, Status, inbound_message_id
from domain.personal import Personal
from domain.values import ContactChannel


class Message(Aggregate):
    class Queued(Aggregate.Created):
        tenant_id: UUID
        customer_id: UUID
        ticket_id: UUID | None
        channel: str
        purpose: str
        to: Personal
        subject: Personal
        body: Personal
        template: str | None
        language: str | None
        parameters: Personal

        def apply(self, message: "Message") -> None:
            message._start(self, Direction.OUTBOUND, Status.QUEUED)
            message.purpose, message.content = self.purpose, Content.from_stored(vars(self))

    class Received(Aggregate.Created):
        tenant_id: UUID
        customer_id: UUID | None
        ticket_id: UUID | None
        channel: str
        sender: Personal
        body: Personal
        provider_id: str

        def apply(self, message: "Message") -> None:
            message._start(self, Direction.INBOUND, Status.RECEIVED)
            message.provider_id = self.provider_id
            message.content = Content(self.body) if self.body is not None else None

    class SendAttempted(Aggregate.Event):
        attempt: int

        def apply(self, message: "Message") -> None:
            message.attempts = self.attempt
            message.status = Status.SENDING

    class Sent(Aggregate.Event):
        provider_id: str | None

        def apply(self, message: "Message") -> None:
            message.status = Status.SENT
            message.provider_id = self.provider_id or message.provider_id

    class Delivered(Aggregate.Event):
        def apply(self, message: "Message") -> None:
            message.status = Status.DELIVERED

    class Read(Aggregate.Event):
        def apply(self, message: "Message") -> None:
            message.status = Status.READ

    class Failed(Aggregate.Event):
        """An attempt failed; `permanent` says that no other attempt follows."""

        code: str
        reason: Personal
        permanent: bool

        def apply(self, message: "Message") -> None:
            message.status = Status.FAILED if self.permanent else Status.RETRYING
            message.failure_code = self.code

    class Assigned(Aggregate.Event):
        ticket_id: UUID
        customer_id: UUID

        def apply(self, message: "Message") -> None:
            message.ticket_id = self.ticket_id
            message.customer_id = self.customer_id

    if TYPE_CHECKING:
        tenant_id: UUID
        customer_id: UUID | None
        ticket_id: UUID | None
        channel: ContactChannel
        purpose: str | None  # an outbound message's: staff, a trigger, a privacy request's answer
        direction: Direction
        status: Status
        attempts: int
        provider_id: str | None
        failure_code: str | None
        created_at: datetime
        content: Content | None  # None once the customer is erased

    def _start(self, event: "Message.Queued | Message.Received", d: Direction, s: Status) -> None:
        self.tenant_id, self.created_at = event.tenant_id, event.timestamp
        self.customer_id, self.ticket_id = event.customer_id, event.ticket_id
        self.channel, self.direction, self.status = ContactChannel(event.channel), d, s
        self.attempts, self.provider_id, self.failure_code, self.purpose = 0, None, None, None

    @classmethod
    def queue(
        cls,
        *,
        message_id: UUID,
        tenant_id: UUID,
        customer_id: UUID,
        ticket_id: UUID | None,
        channel: ContactChannel,
        purpose: str,
        to: str,
        content: Content,
    ) -> "Message":
        return cls._create(
            cls.Queued,
            id=message_id,
            tenant_id=tenant_id,
            customer_id=customer_id,
            ticket_id=ticket_id,
            channel=channel.value,
            purpose=purpose,
            to=to,
            **content.stored(),
        )

    @classmethod
    def receive(
        cls,
        *,
        tenant_id: UUID,
        channel: ContactChannel,
        provider_id: str,
        sender: str,
        body: str,
        customer_id: UUID | None,
        ticket_id: UUID | None,
    ) -> "Message":
        return cls._create(
            cls.Received,
            id=inbound_message_id(tenant_id, channel, provider_id),
            tenant_id=tenant_id,
            customer_id=customer_id,
            ticket_id=ticket_id,
            channel=channel.value,
            sender=sender,
            body=body,
            provider_id=provider_id,
        )

    @property
    def data_subject_id(self) -> UUID:  # the customer; an unknown sender's own until assigned
        return self.customer_id or self.id

    @property
    def key_owner_id(self) -> UUID:
        """Whose erasure destroys the message's key: its ticket, else its subject."""
        return self.ticket_id or self.data_subject_id

    @property
    def awaiting_outcome(self) -> bool:
        """An attempt is recorded and nothing since: the sender stopped mid-call."""
        return self.status is Status.SENDING

    def attempt(self) -> None:
        """Recorded before the provider is called: one without an outcome a crash interrupted."""
        check_attempt(self.status)
        self.trigger_event(self.SendAttempted, attempt=self.attempts + 1)

    def record_sent(self, provider_id: str | None) -> None:
        if goes_further(self.direction, self.status, Status.SENT):
            self.trigger_event(self.Sent, provider_id=provider_id)

    def record_delivered(self) -> None:
        if goes_further(self.direction, self.status, Status.DELIVERED):
            self.trigger_event(self.Delivered)

    def record_read(self) -> None:
        if goes_further(self.direction, self.status, Status.READ):
            self.trigger_event(self.Read)

    def record_failure(self, code: str, reason: str, permanent: bool) -> None:
        if fails(self.direction, self.status, permanent):
            self.trigger_event(self.Failed, code=code, reason=reason, permanent=permanent)

    def assign(self, ticket_id: UUID, customer_id: UUID) -> None:
        """Staff put an inbound message from the triage list on a ticket of a customer."""
        check_assignable(self.direction)
        if (self.ticket_id, self.customer_id) != (ticket_id, customer_id):
            self.trigger_event(self.Assigned, ticket_id=ticket_id, customer_id=customer_id)
