"""A quote on a ticket: lines of parts and labour at a unit price, VAT at the tenant's rate, and
the customer's decision, with its evidence.

Money is whole cents (int), never a float: a price is written "1250.00" (rand and at most two
decimals of cents). VAT is worked out once on the quote's net total (not per line), rounded half
up to the cent. A rate is kept in basis points (1500 = 15.00%).
"""

import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import DomainError, InvalidValue
from domain.refusals import NotFound

MAX_UNIT_CENTS = 100_000_000  # R 1,000,000.00 a unit
MAX_QUANTITY = 999
MAX_LINES = 50
MAX_RATE_POINTS = 10_000  # 100.00%
_AMOUNT = re.compile(r"(0|[1-9]\d{0,8})(?:\.(\d{1,2}))?")
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Billing:
    """A tenant's VAT rate (basis points) and currency, which its quotes are drafted in."""

    vat_rate: int = 1500
    currency: str = "ZAR"


class LineKind(StrEnum):
    PART = "part"
    LABOUR = "labour"


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


def cents(text: str, field: str) -> int:
    """The cents of an amount written "1250.00" (no sign, at most two decimals)."""
    found = _AMOUNT.fullmatch(text.strip()) if isinstance(text, str) else None
    if found is None:
        raise InvalidValue(field, 'an amount written as a string such as "1250.00"')
    whole, part = found.groups()
    return int(whole) * 100 + int((part or "0").ljust(2, "0"))


def written(amount: int) -> str:
    """Cents written as rand and cents: 125000 -> "1250.00"."""
    return f"{amount // 100}.{amount % 100:02d}"


def rate_points(text: str, field: str = "vat_rate") -> int:
    """A percentage written "15" or "15.00" (0 to 100) in basis points."""
    points = cents(text, field)
    if points > MAX_RATE_POINTS:
        raise InvalidValue(field, "a percentage from 0 to 100")
    return points


def currency_code(text: str) -> str:
    code = text.strip().upper()
    if not _CURRENCY.fullmatch(code):
        raise InvalidValue("currency", "an ISO 4217 code of three letters, such as ZAR")
    return code


@dataclass(frozen=True)
class QuoteLine:
    kind: LineKind
    description: str
    quantity: int
    unit_cents: int

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_cents

    def stored(self) -> dict[str, str | int]:
        return {
            "kind": self.kind.value,
            "description": self.description,
            "quantity": self.quantity,
            "unit_cents": self.unit_cents,
        }

    @classmethod
    def from_stored(cls, line: dict[str, str | int]) -> "QuoteLine":
        kind, description = LineKind(str(line["kind"])), str(line["description"])
        return cls(kind, description, int(line["quantity"]), int(line["unit_cents"]))


@dataclass(frozen=True)
class Totals:
    net: int
    vat: int
    gross: int


def totals(lines: list[QuoteLine], rate: int) -> Totals:
    """Net, VAT on the net total (half up to the cent) and gross, in cents."""
    net = sum(line.amount for line in lines)
    vat = (net * rate + MAX_RATE_POINTS // 2) // MAX_RATE_POINTS
    return Totals(net, vat, net + vat)


def checked_lines(lines: list[QuoteLine]) -> list[QuoteLine]:
    if not 1 <= len(lines) <= MAX_LINES:
        raise InvalidValue("lines", f"from 1 to {MAX_LINES} lines")
    for n, line in enumerate(lines):
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise InvalidValue(f"lines.{n}.quantity", f"a whole number from 1 to {MAX_QUANTITY}")
        if not 0 <= line.unit_cents <= MAX_UNIT_CENTS:
            raise InvalidValue(f"lines.{n}.unit_price", f"from 0.00 to {written(MAX_UNIT_CENTS)}")
    return lines


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
