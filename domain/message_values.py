"""The vocabulary of messages: directions, statuses and how far along each is, and content."""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.values import ContactChannel

_INBOUND = uuid5(NAMESPACE_URL, "https://aftersales.co.za/inbound-messages")


STAFF = "staff"  # the purpose of a message staff wrote; automatic ones name their trigger
# A privacy request's answers (its code, its export link) go to the address on record whatever
# the consents: the requester asked for them.
VERIFICATION = "privacy_verification"
EXPORT_LINK = "privacy_export_link"
PRIVACY_ANSWERS = frozenset({VERIFICATION, EXPORT_LINK})


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class Status(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"  # an attempt is recorded, its outcome not yet
    RETRYING = "retrying"  # an attempt failed for now; another follows
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    RECEIVED = "received"


# How far along each status is: a status is applied only when it goes further.
RANK = {
    Status.QUEUED: 0,
    Status.SENDING: 1,
    Status.RETRYING: 1,
    Status.SENT: 2,
    Status.DELIVERED: 3,
    Status.READ: 4,
    Status.FAILED: 4,
}
UNFINISHED = frozenset({Status.QUEUED, Status.SENDING, Status.RETRYING})


@dataclass(frozen=True)
class Content:
    """What a message says: its text (and an email's subject) and, for WhatsApp outside the
    customer's 24 hours, the approved template it goes as, with its parameters in order."""

    body: str
    subject: str | None = None
    template: str | None = None
    language: str | None = None
    parameters: tuple[str, ...] = field(default=())

    def stored(self) -> dict[str, str | None]:
        """The content as the event that queues the message keeps it (parameters in JSON, for
        a template only)."""
        parameters = json.dumps(list(self.parameters)) if self.template else None
        fields = {"subject": self.subject, "body": self.body, "template": self.template}
        return fields | {"language": self.language, "parameters": parameters}

    @classmethod
    def from_stored(cls, event: Mapping[str, Any]) -> "Content | None":
        """The content the event that queued the message keeps, None once the customer is
        erased."""
        if event["body"] is None:
            return None
        parameters = tuple(json.loads(event["parameters"])) if event["parameters"] else ()
        fields = (event["subject"], event["template"], event["language"])
        return cls(event["body"], *fields, parameters)


def inbound_message_id(tenant_id: UUID, channel: ContactChannel, provider_id: str) -> UUID:
    """The same provider message, delivered twice, is the same message."""
    return uuid5(_INBOUND, f"{tenant_id}/{channel.value}/{provider_id}")
