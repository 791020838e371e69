"""A data subject's request under POPIA (access, correction, deletion, ...), answered on time."""

from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import DomainError, InvalidValue
from domain.personal import Personal
from domain.privacy_verification import (
    AlreadyVerified,
    NoExport,
    RequestUnverified,
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

    class Verified(Aggregate.Event):
        """The requester proved who they are: by code, or to staff (the reason says how)."""

        by: str
        reason: Personal

        def apply(self, request: "PrivacyRequest") -> None:
            request.verified_by = VerifiedBy(self.by)
            request.verified_at = self.timestamp

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
    def data_subject_id(self) -> UUID:  # the requester, until linked to a customer
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

    def expect_verification(self) -> None:
        self._refuse_when_resolved()
        if self.verified:
            raise AlreadyVerified("the request is verified already")

    def verify(self, by: VerifiedBy, reason: str | None) -> None:
        self.expect_verification()
        self.trigger_event(self.Verified, by=VerifiedBy(by).value, reason=reason)

    def expect_export(self) -> UUID:
        """The customer whose export answers the request: a verified access request's, linked."""
        self._refuse_when_resolved()
        if not self.verified:
            raise RequestUnverified("the requester's identity is not verified yet")
        if self.kind is not RequestKind.ACCESS or self.customer_id is None:
            raise NoExport("only an access request linked to a customer is answered with an export")
        return self.customer_id

    def resolve(self, outcome: RequestOutcome, note: str) -> None:
        self._refuse_when_resolved()
        if RequestOutcome(outcome) is RequestOutcome.COMPLETED and not self.verified:
            raise RequestUnverified("the requester's identity is not verified: decline or verify")
        self.trigger_event(self.Resolved, outcome=RequestOutcome(outcome).value, note=note)

    def _refuse_when_resolved(self) -> None:
        if self.outcome is not None:
            raise RequestResolved(f"the request was resolved ({self.outcome})")


class AlreadyExtended(DomainError):
    code = "already_extended"


class RequestResolved(DomainError):
    code = "request_resolved"
