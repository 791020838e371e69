"""The port every channel implements: send one message for a tenant, or say why not."""

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from adapters.channels.accounts import TenantChannels
from domain.values import ContactChannel


@dataclass(frozen=True)
class Outgoing:
    """A queued message as a provider needs it. `reference` is the log position of its
    queueing: unique in the database, so a provider that takes an idempotency key gets it."""

    message_id: UUID
    reference: int
    to: str
    body: str
    subject: str | None = None
    template: str | None = None
    language: str | None = None
    parameters: tuple[str, ...] = ()


class SendFailed(Exception):
    """The provider did not take the message: for good (`permanent`) or for now, in which case
    `retry_after` (seconds) is how long it asked us to wait, when it said."""

    def __init__(
        self, code: str, reason: str, *, permanent: bool, retry_after: float | None = None
    ) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after


class OutcomeUnknown(Exception):
    """The request went out but no answer came back: the provider may have taken it."""


class Provider(Protocol):
    channel: ContactChannel
    # Whether the provider's status callbacks name our message: then an attempt a crash cut
    # short is settled by waiting for one rather than by sending again.
    correlates: bool

    def send(self, accounts: TenantChannels, message: Outgoing) -> str | None:
        """Hand the message over; the provider's id for it. Raises SendFailed."""


def not_configured(channel: ContactChannel) -> SendFailed:
    return SendFailed(
        "channel_not_configured",
        f"the tenant has no {channel} account in the channels file",
        permanent=True,
    )


def retry_after(header: str | None) -> float | None:
    """Seconds from a Retry-After header in seconds (its date form is taken as absent)."""
    try:
        return max(0.0, float(header)) if header else None
    except ValueError:
        return None
