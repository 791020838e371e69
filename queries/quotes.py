"""A ticket's quotes as its detail shows them, made from its timeline's quote entries: each with
its lines and totals (amounts as strings of rand and cents), its state and its decision's
evidence (the keyed hash of the source, never the address)."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from domain.money import LineKind, QuoteLine, totals, written
from domain.quote import DecisionChannel, QuoteState


class QuoteLinePublic(BaseModel):
    kind: LineKind
    description: str
    quantity: int
    unit_price: str
    amount: str


class DecisionPublic(BaseModel):
    """`by` is the staff user who recorded it, or `customer:<channel>`; `signature_name` the
    name the customer typed on the status page, `reason` the staff user's."""

    approved: bool
    channel: DecisionChannel
    at: datetime
    by: str
    source_hash: str | None
    signature_name: str | None
    reason: str | None


class QuotePublic(BaseModel):
    id: UUID
    state: QuoteState
    currency: str
    vat_rate: str
    lines: list[QuoteLinePublic]
    net: str
    vat: str
    gross: str
    drafted_at: datetime
    drafted_by: str
    sent_at: datetime | None = None
    sent_by: str | None = None
    sent_on: str | None = None
    message_id: UUID | None = None
    decision: DecisionPublic | None = None


def quotes_of(entries: Iterable[tuple[dict[str, Any], str | None]]) -> list[QuotePublic]:
    """The quotes the timeline's entries (oldest first, each with its free text) tell of."""
    quotes: dict[str, dict[str, Any]] = {}
    for entry, text in entries:
        kind = entry["kind"]
        if kind == "quote_drafted":
            for earlier in quotes.values():
                earlier["state"] = QuoteState.SUPERSEDED
            quotes[entry["quote_id"]] = _drafted(entry)
        elif kind == "quote_sent":
            sent = {"sent_at": entry["at"], "sent_by": entry["by"], "sent_on": entry["channel"]}
            quotes[entry["quote_id"]] |= sent | {"state": QuoteState.SENT}
            quotes[entry["quote_id"]]["message_id"] = entry["message_id"]
        elif kind in ("quote_approved", "quote_declined"):
            approved = kind == "quote_approved"
            quotes[entry["quote_id"]] |= {
                "state": QuoteState.APPROVED if approved else QuoteState.DECLINED,
                "decision": {
                    "approved": approved,
                    "channel": entry["channel"],
                    "at": entry["at"],
                    "by": entry["by"],
                    "source_hash": entry["source_hash"],
                    "signature_name": text if entry["evidence"] == "signature" else None,
                    "reason": text if entry["evidence"] == "reason" else None,
                },
            }
    return [QuotePublic.model_validate(quote) for quote in quotes.values()]


def _drafted(entry: dict[str, Any]) -> dict[str, Any]:
    lines = [QuoteLine.from_stored(line) for line in entry["lines"]]
    figures = totals(lines, entry["vat_rate"])
    return {
        "id": entry["quote_id"],
        "state": QuoteState.DRAFT,
        "currency": entry["currency"],
        "vat_rate": written(entry["vat_rate"]),
        "lines": [
            {
                "kind": line.kind,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": written(line.unit_cents),
                "amount": written(line.amount),
            }
            for line in lines
        ],
        "net": written(figures.net),
        "vat": written(figures.vat),
        "gross": written(figures.gross),
        "drafted_at": entry["at"],
        "drafted_by": entry["by"],
    }
