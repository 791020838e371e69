"""A data subject's request under POPIA (access, correction, deletion, ...), answered on time."""

import hmac
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import DomainError, InvalidValue
from domain.personal import Personal
from domain.privacy_verification import (
    CODE_LIFETIME,
    LINK_LIFETIME,
    MAX_CODES,
    MAX_TRIES,
    AlreadyVerified,
    RequestUnverified,
    TooManyCodes,
    VerificationLocked,
    VerifiedBy,
    new_reference,
    request_id_for,
)

RESPONSE_DAYS = 30


class RequestKind(StrEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    DELETION = "deletion"
    OBJECTION = "objection"
    WITHDRAW_CONSENT = "withdraw_consent"


class RequestOutcome(StrEnum):
    COMPLETED = "completed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class PrivacyRequest(Aggregate):
    class Received(Aggregate.Created):
        tenant_id: UUID
        reference: str
        kind: str
        name: Personal
        email: Personal
        phone: Personal
        details: Personal
        due_by: datetime

        def apply(self, request: "PrivacyRequest") -> None:
            request.tenant_id = self.tenant_id
            request.reference = self.reference
            request.kind = RequestKind(self.kind)
            request.name = self.name
            request.email = self.email
            request.phone = self.phone
            request.details = self.details
            request.received_at = self.timestamp
            request.due_by = self.due_by
            request.extended = False
            request.customer_id = None
            request.outcome = None
            request.resolved_at = None
            request.verified_by = None
            request.verified_at = None
            request.codes = 0
            request.code = None
            request.export_link = None

    class VerificationCodeIssued(Aggregate.Event):
        """A new code, of which only the keyed digest is kept; sent to the customer's address
        on record (`customer_id`, `channel`) when the address given matched one, else to no one."""

        code_digest: str
        expires_at: datetime
        customer_id: UUID | None
        channel: str | None

        def apply(self, request: "PrivacyRequest") -> None:
            request.codes += 1
            request.code = Secret(self.code_digest, self.expires_at, self.customer_id)

    class VerificationFailed(Aggregate.Event):
        """A wrong code, an expired one or one already used: alike to the requester."""

        tries: int

        def apply(self, request: "PrivacyRequest") -> None:
            if request.code is not None:
                request.code = replace(request.code, tries=self.tries)

    class Verified(Aggregate.Event):
        by: str
        reason: Personal

        def apply(self, request: "PrivacyRequest") -> None:
            request.verified_by = VerifiedBy(self.by)
            request.verified_at = self.timestamp
            request.code = None

    class ExportLinkSent(Aggregate.Event):
        """A one-time link to the export went to the verified address (its digest kept)."""

        link_digest: str
        expires_at: datetime
        message_id: UUID

        def apply(self, request: "PrivacyRequest") -> None:
            request.export_link = Secret(self.link_digest, self.expires_at, request.customer_id)

    class ExportDownloaded(Aggregate.Event):
        def apply(self, request: "PrivacyRequest") -> None:
            if request.export_link is not None:
                request.export_link = replace(request.export_link, used=True)

    class ExportDownloadRefused(Aggregate.Event):
        """A download with the request's link that was not let through (wrong, used, expired)."""

        why: str

        def apply(self, request: "PrivacyRequest") -> None:
            pass

    class Extended(Aggregate.Event):
        reason: Personal
        due_by: datetime

        def apply(self, request: "PrivacyRequest") -> None:
            request.due_by = self.due_by
            request.extended = True

    class LinkedToCustomer(Aggregate.Event):
        customer_id: UUID

        def apply(self, request: "PrivacyRequest") -> None:
            request.customer_id = self.customer_id

    class Resolved(Aggregate.Event):
        outcome: str
        note: Personal

        def apply(self, request: "PrivacyRequest") -> None:
            request.outcome = RequestOutcome(self.outcome)
            request.resolved_at = self.timestamp

    if TYPE_CHECKING:
        tenant_id: UUID
        reference: str
        kind: RequestKind
        name: str | None
        email: str | None
        phone: str | None
        details: str | None
        received_at: datetime
        due_by: datetime
        extended: bool
        customer_id: UUID | None
        outcome: RequestOutcome | None
        resolved_at: datetime | None
        verified_by: VerifiedBy | None
        verified_at: datetime | None
        codes: int
        code: "Secret | None"
        export_link: "Secret | None"

    @classmethod
    def receive(
        cls,
        *,
        tenant_id: UUID,
        kind: RequestKind,
        name: str,
        email: str | None,
        phone: str | None,
        details: str | None,
        now: datetime,
        reference: str | None = None,
    ) -> "PrivacyRequest":
        if not (email or phone):
            raise InvalidValue("email", "give an email address or a phone number to answer to")
        reference = reference or new_reference()
        return cls._create(
            cls.Received,
            id=request_id_for(tenant_id, reference),
            tenant_id=tenant_id,
            reference=reference,
            kind=RequestKind(kind).value,
            name=name,
            email=email,
            phone=phone,
            details=details,
            due_by=now + timedelta(days=RESPONSE_DAYS),
        )

    @property
    def data_subject_id(self) -> UUID:
        """The requester, until a compliance officer links the request to a customer."""
        return self.id

    def extend(self, reason: str) -> None:
        """Thirty more days, once, with a reason."""
        self._refuse_when_resolved()
        if self.extended:
            raise AlreadyExtended("the request was extended once already")
        self.trigger_event(
            self.Extended, reason=reason, due_by=self.due_by + timedelta(days=RESPONSE_DAYS)
        )

    def link(self, customer_id: UUID) -> None:
        self._refuse_when_resolved()
        if customer_id != self.customer_id:
            self.trigger_event(self.LinkedToCustomer, customer_id=customer_id)

    @property
    def verified(self) -> bool:
        return self.verified_by is not None

    def issue_code(
        self, code_digest: str, now: datetime, customer_id: UUID | None, channel: str | None
    ) -> None:
        """A new code (its digest), sent to the customer's address on record, or to no one."""
        self._refuse_when_resolved()
        if self.verified:
            raise AlreadyVerified("the request is verified already")
        if self.codes >= MAX_CODES:
            raise TooManyCodes(f"a request is sent at most {MAX_CODES} codes")
        self.trigger_event(
            self.VerificationCodeIssued,
            code_digest=code_digest,
            expires_at=now + CODE_LIFETIME,
            customer_id=customer_id,
            channel=channel,
        )

    def enter_code(self, code_digest: str, now: datetime) -> bool:
        """Whether the code (its digest) proves the requester's identity; a wrong one, an
        expired one and one used already count as one try alike."""
        self._refuse_when_resolved()
        code = self.code
        if code is not None and code.tries >= MAX_TRIES:
            raise VerificationLocked("too many wrong codes: ask for a new code")
        if code is None or self.verified:
            return False
        if not code.matches(code_digest, now) or code.customer_id is None:
            self.trigger_event(self.VerificationFailed, tries=code.tries + 1)
            return False
        self.link(code.customer_id)
        self.trigger_event(self.Verified, by=VerifiedBy.CODE.value, reason=None)
        return True

    def verify_in_person(self, reason: str) -> None:
        """A compliance officer checked the requester's identity; the reason says how."""
        self._refuse_when_resolved()
        if self.verified:
            raise AlreadyVerified("the request is verified already")
        self.trigger_event(self.Verified, by=VerifiedBy.STAFF.value, reason=reason)

    def send_export_link(self, link_digest: str, now: datetime, message_id: UUID) -> UUID:
        """A one-time link to the export, for a verified access request of a customer's (whose
        id it answers); a new link replaces the one before."""
        self._refuse_when_resolved()
        self._refuse_when_unverified()
        customer_id = self.customer_id
        if self.kind is not RequestKind.ACCESS or customer_id is None:
            raise NoExport("only a verified access request linked to a customer gets an export")
        self.trigger_event(
            self.ExportLinkSent,
            link_digest=link_digest,
            expires_at=now + LINK_LIFETIME,
            message_id=message_id,
        )
        return customer_id

    def download(self, link_digest: str, now: datetime) -> UUID | None:
        """The customer whose export the link opens, once; None (recorded) for a link that is
        wrong, used or expired."""
        link = self.export_link
        if link is None or not self.verified:
            why = "no link"
        elif not hmac.compare_digest(link.digest, link_digest):
            why = "wrong link"
        elif link.used:
            why = "used"
        elif now >= link.expires_at:
            why = "expired"
        else:
            self.trigger_event(self.ExportDownloaded)
            return link.customer_id
        self.trigger_event(self.ExportDownloadRefused, why=why)
        return None

    def resolve(self, outcome: RequestOutcome, note: str) -> None:
        self._refuse_when_resolved()
        if RequestOutcome(outcome) is RequestOutcome.COMPLETED:
            self._refuse_when_unverified()
        self.trigger_event(self.Resolved, outcome=RequestOutcome(outcome).value, note=note)

    def _refuse_when_resolved(self) -> None:
        if self.outcome is not None:
            raise RequestResolved(f"the request was resolved ({self.outcome})")

    def _refuse_when_unverified(self) -> None:
        if not self.verified:
            raise RequestUnverified("the requester's identity is not verified yet")


@dataclass(frozen=True)
class Secret:
    """What the request keeps of a code or a link: its keyed digest, expiry and use."""

    digest: str
    expires_at: datetime
    customer_id: UUID | None
    tries: int = 0
    used: bool = False

    def matches(self, digest: str, now: datetime) -> bool:
        return hmac.compare_digest(self.digest, digest) and now < self.expires_at


class AlreadyExtended(DomainError):
    code = "already_extended"


class RequestResolved(DomainError):
    code = "request_resolved"


class NoExport(DomainError):
    code = "no_export"
