"""A quote on a ticket: lines of parts and labour (domain/money.py) at the tenant's VAT rate,
its state, and the customer's decision with its evidence; the rules of each."""

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import DomainError, InvalidValue
from domain.money import QuoteLine, Totals, totals
from domain.refusals import NotFound


class QuoteState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    APPROVED = "approved"
    DECLINED = "declined"
    SUPERSEDED = "superseded"


class DecisionChannel(StrEnum):
    """Where the customer's decision came from: their own (status page, a reply), or the phone
    call a staff user recorded."""

    STATUS_PAGE = "status_page"
    WHATSAPP = "whatsapp"
    SMS = "sms"
    EMAIL = "email"
    PHONE = "phone"


@dataclass(frozen=True)
class Decision:
    """The customer's answer and its evidence: where it came from, when, a keyed hash of the
    address it came from (never the address), the name they typed as their signature, or the
    reason a staff user gave for recording it."""

    approved: bool
    channel: DecisionChannel
    at: datetime
    source_hash: str | None
    signature_name: str | None
    reason: str | None


@dataclass(frozen=True)
class Quote:
    id: UUID
    lines: list[QuoteLine]
    vat_rate: int
    currency: str
    drafted_at: datetime
    state: QuoteState = QuoteState.DRAFT
    sent_on: str | None = None  # the channel it was sent on
    decision: Decision | None = None

    @property
    def totals(self) -> Totals:
        return totals(self.lines, self.vat_rate)


def current(quotes: list[Quote]) -> Quote | None:
    """The quote that stands: the latest, unless none was drafted."""
    return quotes[-1] if quotes else None


def superseding(quotes: list[Quote], new: Quote) -> list[Quote]:
    """The quotes with a new one: the one that stood is superseded, and kept."""
    kept = [replace(q, state=QuoteState.SUPERSEDED) if q is current(quotes) else q for q in quotes]
    return [*kept, new]


def changed(quotes: list[Quote], quote_id: UUID, **change: object) -> list[Quote]:
    return [replace(q, **change) if q.id == quote_id else q for q in quotes]  # type: ignore[arg-type]


def deidentified(quotes: list[Quote]) -> list[Quote]:
    """The decisions' signatures and reasons erased; the rest stays."""
    return [
        replace(q, decision=replace(q.decision, signature_name=None, reason=None))
        if q.decision
        else q
        for q in quotes
    ]


def standing(quotes: list[Quote], quote_id: UUID, *states: QuoteState) -> Quote:
    """The current quote of this id, in one of the states, or why not."""
    quote = current(quotes)
    if quote is None or all(q.id != quote_id for q in quotes):
        raise NotFound("quote of the ticket", quote_id)
    if quote.id != quote_id:
        raise QuoteSuperseded("a later quote supersedes this one")
    if quote.state not in states:
        raise QuoteNotAwaitingDecision(f"the quote is {quote.state}", quote.state)
    return quote


def check_repair_may_start(quotes: list[Quote]) -> None:
    """Repair work on a quoted ticket waits for its current quote's approval."""
    quote = current(quotes)
    if quote is not None and quote.state is not QuoteState.APPROVED:
        raise QuoteNotApproved(
            f"the ticket's quote is {quote.state}: repair starts once the customer approves it"
        )


def check_evidence(
    quote: Quote,
    channel: DecisionChannel,
    by_staff: bool,
    source_hash: str | None,
    signature_name: str | None,
    reason: str | None,
) -> None:
    """A staff user records a decision with a reason; a customer's own comes with the hash of
    its source, and on the status page with the name they typed."""
    if by_staff:
        if channel is DecisionChannel.STATUS_PAGE:
            raise InvalidValue("channel", "the status page is the customer's own")
        if not reason:
            raise InvalidValue("reason", "say how the customer gave their answer")
        return
    if not source_hash:
        raise InvalidValue("source_hash", "a customer's decision needs its source")
    if channel is DecisionChannel.STATUS_PAGE and not signature_name:
        raise InvalidValue("signature_name", "type your name to sign")
    if channel is DecisionChannel.PHONE:
        raise InvalidValue("channel", "a decision by phone is recorded by staff")
    if channel is not DecisionChannel.STATUS_PAGE and channel.value != quote.sent_on:
        raise InvalidValue("channel", f"the quote was sent by {quote.sent_on}, not {channel}")


class QuoteNotApproved(DomainError):
    code = "quote_not_approved"


class QuoteSuperseded(DomainError):
    code = "quote_superseded"


class QuoteNotAwaitingDecision(DomainError):
    """Sending needs a draft; a decision, a sent quote (a decided one is decided once)."""

    code = "quote_not_awaiting"

    def __init__(self, detail: str, state: QuoteState) -> None:
        super().__init__(detail)
        self.code = "quote_decided" if state in DECIDED else "quote_not_awaiting"


DECIDED = frozenset({QuoteState.APPROVED, QuoteState.DECLINED})
