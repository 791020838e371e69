"""A ticket's status link: the address its customer follows to see how the repair goes, with no
login.

The token is derived, never stored: the HMAC-SHA256, under the server's status-link secret, of
the tenant, the ticket and the link's generation (how many times staff revoked it), in URL-safe
base64 (43 characters, 256 bits). Read models keep only a keyed digest of it (`lookup`), so a
copy of the database yields no live link. Revoking moves the generation on: the old token stops
working and a new one exists. A link expires a set time after the ticket is finished (closed or
cancelled); a reopening revives it.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from domain.ticket_status import TicketStatus

TOKEN_LENGTH = 43  # URL-safe base64 of 32 bytes, unpadded


class PublicStep(StrEnum):
    """What a customer sees of a ticket's statuses."""

    RECEIVED = "received"
    DIAGNOSING = "diagnosing"
    WAITING_FOR_PARTS = "waiting_for_parts"
    AWAITING_YOUR_APPROVAL = "awaiting_your_approval"
    READY_FOR_COLLECTION = "ready_for_collection"
    CLOSED = "closed"


S = TicketStatus
STEP_OF: dict[TicketStatus, PublicStep] = {
    S.NEW: PublicStep.RECEIVED,
    S.DIAGNOSING: PublicStep.DIAGNOSING,
    S.AWAITING_PARTS: PublicStep.WAITING_FOR_PARTS,
    S.AWAITING_APPROVAL: PublicStep.AWAITING_YOUR_APPROVAL,
    S.IN_REPAIR: PublicStep.DIAGNOSING,  # the work on it: diagnosis and repair are one step
    S.READY_FOR_COLLECTION: PublicStep.READY_FOR_COLLECTION,
    S.CLOSED: PublicStep.CLOSED,
    S.CANCELLED: PublicStep.CLOSED,
}
# Each status in plain words, for the customer.
IN_WORDS: dict[TicketStatus, str] = {
    S.NEW: "We have received your device.",
    S.DIAGNOSING: "We are finding out what is wrong.",
    S.AWAITING_PARTS: "We are waiting for parts.",
    S.AWAITING_APPROVAL: "We have sent you a quote: the repair waits for your approval.",
    S.IN_REPAIR: "We are repairing your device.",
    S.READY_FOR_COLLECTION: "Your device is ready for collection.",
    S.CLOSED: "This repair is finished.",
    S.CANCELLED: "This repair was cancelled.",
}


@dataclass(frozen=True)
class StatusLinkKeys:
    """Tokens and their lookup digests, under the server's status-link secret."""

    secret: bytes

    def token(self, tenant_id: UUID, ticket_id: UUID, generation: int) -> str:
        message = f"{tenant_id}:{ticket_id}:{generation}".encode()
        mac = hmac.new(self.secret, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def lookup(self, token: str) -> bytes:
        """The digest a read model keeps of a token (keyed: a copy of it confirms no guess)."""
        return hmac.new(self.secret, b"lookup\0" + token.encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class StatusLinks:
    """The absolute address of a ticket's status page, under the service's public URL."""

    keys: StatusLinkKeys
    public_url: str

    def url(self, tenant_id: UUID, ticket_id: UUID, generation: int) -> str:
        token = self.keys.token(tenant_id, ticket_id, generation)
        return f"{self.public_url.rstrip('/')}/status/{token}"


def expires_at(finished_at: datetime | None, lifetime: timedelta) -> datetime | None:
    """When a ticket's link stops working: a lifetime after it finished; None while open."""
    return None if finished_at is None else finished_at + lifetime


def is_live(finished_at: datetime | None, lifetime: timedelta, now: datetime) -> bool:
    ends = expires_at(finished_at, lifetime)
    return ends is None or now < ends
