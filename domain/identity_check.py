"""The proof of identity behind a privacy request: its one-time codes and its export link.

An aggregate of its own beside the request, holding only keyed digests of the secrets
(adapters/privacy_secrets.py makes them), their expiry, tries and use. A wrong code, an expired
one and one used already are one try alike; MAX_TRIES of them lock it until a new code.
"""

import hmac
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.privacy_verification import (
    CODE_LIFETIME,
    LINK_LIFETIME,
    MAX_CODES,
    MAX_TRIES,
    TooManyCodes,
    VerificationLocked,
)

_CHECKS = uuid5(NAMESPACE_URL, "https://aftersales.co.za/identity-checks")


def identity_check_id_for(request_id: UUID) -> UUID:
    return uuid5(_CHECKS, str(request_id))


@dataclass(frozen=True)
class Secret:
    """What is kept of a code or a link: its keyed digest, expiry, tries and use."""

    digest: str
    expires_at: datetime
    customer_id: UUID | None  # whose address it went to (a code: none when no record matched)
    tries: int = 0
    used: bool = False

    def opens(self, digest: str, now: datetime) -> bool:
        return hmac.compare_digest(self.digest, digest) and now < self.expires_at and not self.used


class IdentityCheck(Aggregate):
    class Started(Aggregate.Created):
        tenant_id: UUID
        request_id: UUID

        def apply(self, check: "IdentityCheck") -> None:
            check.tenant_id, check.request_id = self.tenant_id, self.request_id
            check.codes, check.code, check.link = 0, None, None

    class VerificationCodeSent(Aggregate.Event):
        """A new code: sent to the customer's address on record (`customer_id`, `channel`)
        when the address the requester gave matched one, else to no one."""

        code_digest: str
        expires_at: datetime
        customer_id: UUID | None
        channel: str | None

        def apply(self, check: "IdentityCheck") -> None:
            check.codes += 1
            check.code = Secret(self.code_digest, self.expires_at, self.customer_id)

    class VerificationFailed(Aggregate.Event):
        tries: int

        def apply(self, check: "IdentityCheck") -> None:
            if check.code is not None:
                check.code = replace(check.code, tries=self.tries)

    class CodeAccepted(Aggregate.Event):
        def apply(self, check: "IdentityCheck") -> None:
            if check.code is not None:
                check.code = replace(check.code, used=True)

    class ExportLinkSent(Aggregate.Event):
        link_digest: str
        expires_at: datetime
        customer_id: UUID
        message_id: UUID

        def apply(self, check: "IdentityCheck") -> None:
            check.link = Secret(self.link_digest, self.expires_at, self.customer_id)

    class ExportDownloaded(Aggregate.Event):
        request_id: UUID  # the request's, for its read model's count of downloads

        def apply(self, check: "IdentityCheck") -> None:
            if check.link is not None:
                check.link = replace(check.link, used=True)

    class ExportDownloadRefused(Aggregate.Event):
        """A try with the request's link that opened nothing: wrong, used or expired."""

        why: str

        def apply(self, check: "IdentityCheck") -> None:
            pass

    if TYPE_CHECKING:
        tenant_id: UUID
        request_id: UUID
        codes: int
        code: Secret | None
        link: Secret | None

    @classmethod
    def start(cls, tenant_id: UUID, request_id: UUID) -> "IdentityCheck":
        return cls._create(
            cls.Started,
            id=identity_check_id_for(request_id),
            tenant_id=tenant_id,
            request_id=request_id,
        )

    @property
    def data_subject_id(self) -> UUID:
        return self.request_id

    def send_code(
        self, digest: str, now: datetime, customer_id: UUID | None, channel: str | None
    ) -> None:
        if self.codes >= MAX_CODES:
            raise TooManyCodes(f"a request is sent at most {MAX_CODES} codes")
        self.trigger_event(
            self.VerificationCodeSent,
            code_digest=digest,
            expires_at=now + CODE_LIFETIME,
            customer_id=customer_id,
            channel=channel,
        )

    def enter_code(self, digest: str, now: datetime) -> UUID | None:
        """The customer on whose record the code was sent, when it is the code; else None,
        the try counted."""
        code = self.code
        if code is not None and code.tries >= MAX_TRIES:
            raise VerificationLocked("too many wrong codes: ask for a new code")
        if code is None or code.used:
            return None
        if not code.opens(digest, now) or code.customer_id is None:
            self.trigger_event(self.VerificationFailed, tries=code.tries + 1)
            return None
        self.trigger_event(self.CodeAccepted)
        return code.customer_id

    def send_link(self, digest: str, now: datetime, customer_id: UUID, message_id: UUID) -> None:
        """A one-time link to the customer's export; a new one replaces the one before."""
        self.trigger_event(
            self.ExportLinkSent,
            link_digest=digest,
            expires_at=now + LINK_LIFETIME,
            customer_id=customer_id,
            message_id=message_id,
        )

    def download(self, digest: str, now: datetime) -> UUID | None:
        """The customer whose export the link opens, once; None (the try recorded) for a link
        that is wrong, used or expired."""
        link = self.link
        if link is not None and link.opens(digest, now):
            self.trigger_event(self.ExportDownloaded, request_id=self.request_id)
            return link.customer_id
        why = "no link" if link is None else "wrong, used or expired"
        self.trigger_event(self.ExportDownloadRefused, why=why)
        return None
