"""A message to or from a customer, on WhatsApp, SMS or email, from queued to read.

A message is its own aggregate, so delivery's comings and goings never change its ticket. Its
text, address and template parameters are personal information about the customer (its data
subject); an inbound message from a number no customer has is its own subject until staff
assign it. Statuses only move forward: a provider's callback that arrives late, twice or out of
order changes nothing it should not.
"""

import json
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import DomainError
from domain.message_values import (
    RANK,
    UNFINISHED,
    Content,
    Direction,
    Status,
    inbound_message_id,
)
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
            message.content = None
            if self.body is not None:
                parameters = tuple(json.loads(self.parameters)) if self.parameters else ()
                message.content = Content(
                    self.body, self.subject, self.template, self.language, parameters
                )

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
        """Recorded before the provider is called: an attempt without an outcome is one a
        crash interrupted, which recovery treats with care."""

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
        """Staff put an inbound message from the triage list on a ticket of a customer."""

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
        direction: Direction
        status: Status
        attempts: int
        provider_id: str | None
        failure_code: str | None
        created_at: datetime
        content: Content | None  # None once the customer is erased

    def _start(self, event: "Message.Queued | Message.Received", d: Direction, s: Status) -> None:
        self.tenant_id = event.tenant_id
        self.customer_id = event.customer_id
        self.ticket_id = event.ticket_id
        self.channel = ContactChannel(event.channel)
        self.direction = d
        self.status = s
        self.attempts = 0
        self.provider_id = None
        self.failure_code = None
        self.created_at = event.timestamp

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
            subject=content.subject,
            body=content.body,
            template=content.template,
            language=content.language,
            parameters=json.dumps(list(content.parameters)) if content.template else None,
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
    def data_subject_id(self) -> UUID:
        """The customer; an unknown sender's message is its own subject until assigned."""
        return self.customer_id or self.id

    @property
    def key_owner_id(self) -> UUID:
        """Whose erasure destroys the message's key: its ticket (so that de-identifying the
        ticket takes the message's text too, and erasing the customer takes the ticket's), else
        its subject."""
        return self.ticket_id or self.data_subject_id

    @property
    def awaiting_outcome(self) -> bool:
        """An attempt is recorded and nothing since: the sender stopped mid-call."""
        return self.status is Status.SENDING

    def attempt(self) -> None:
        if self.status not in UNFINISHED:
            raise MessageFinished(f"the message is {self.status}")
        self.trigger_event(self.SendAttempted, attempt=self.attempts + 1)

    def record_sent(self, provider_id: str | None) -> None:
        if self._goes_further(Status.SENT):
            self.trigger_event(self.Sent, provider_id=provider_id)

    def record_delivered(self) -> None:
        if self._goes_further(Status.DELIVERED):
            self.trigger_event(self.Delivered)

    def record_read(self) -> None:
        if self._goes_further(Status.READ):
            self.trigger_event(self.Read)

    def record_failure(self, code: str, reason: str, permanent: bool) -> None:
        """A failure for now only while unfinished; a final one only before it is read."""
        if self.direction is not Direction.OUTBOUND:
            return
        if permanent and self.status not in (Status.FAILED, Status.READ):
            self.trigger_event(self.Failed, code=code, reason=reason, permanent=True)
        elif not permanent and self.status in UNFINISHED:
            self.trigger_event(self.Failed, code=code, reason=reason, permanent=False)

    def assign(self, ticket_id: UUID, customer_id: UUID) -> None:
        if self.direction is not Direction.INBOUND:
            raise NotInbound("only a message from a customer is assigned to a ticket")
        if (self.ticket_id, self.customer_id) != (ticket_id, customer_id):
            self.trigger_event(self.Assigned, ticket_id=ticket_id, customer_id=customer_id)

    def _goes_further(self, status: Status) -> bool:
        if self.direction is not Direction.OUTBOUND or self.status is Status.FAILED:
            return False
        return RANK[status] > RANK[self.status]


class MessageFinished(DomainError):
    code = "message_finished"


class NotInbound(DomainError):
    code = "not_inbound"
