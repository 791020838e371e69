"""The ticket page's quote forms: a draft's lines (a row each, blank rows left out), sending
the draft, and a decision the customer gave by phone; each the API's command."""

from typing import Annotated, Any
from uuid import UUID

from pydantic import BeforeValidator, Field

from adapters.web.actions import Action
from adapters.web.messaging import accounts
from commands.quote_decisions import QuoteDecisionRecord, RecordQuoteDecision
from commands.quotes import DraftQuote, QuoteDraft, QuoteLineRequest, QuoteSending, SendQuote
from domain.money import MAX_LINES

ROWS = 3  # the rows of a new draft's form, until the user asks for more (`?quote_lines=`)


def _rows(value: Any) -> Any:
    """The form's rows (`lines.0.kind`, `lines.1.kind`...) in their order, as the API's list."""
    if isinstance(value, dict):
        return [value[key] for key in sorted(value, key=lambda k: int(k) if k.isdigit() else -1)]
    return value


def quote_rows(typed: dict[str, str], asked: str | None) -> int:
    """How many rows the draft's form shows: those asked for (`?quote_lines=`), at least one more
    than a refused form's last typed row, or ROWS; at most MAX_LINES."""
    shown = int(asked) if asked and asked.isdigit() and len(asked) < 4 else ROWS
    last_typed = max((_row(name) for name in typed), default=-1)
    return min(max(shown, last_typed + 1, 1), MAX_LINES)


def _row(name: str) -> int:
    """The row of a field (`lines.2.kind`: 2), or -1."""
    parts = name.split(".")
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() and len(parts[1]) < 3 else -1


class QuoteLinesForm(QuoteDraft):
    lines: Annotated[
        list[QuoteLineRequest], BeforeValidator(_rows), Field(min_length=1, max_length=MAX_LINES)
    ]


class QuoteSendingForm(QuoteSending):
    quote_id: UUID


class QuoteDecisionForm(QuoteDecisionRecord):
    quote_id: UUID


QUOTE_ACTIONS = {
    "quotes": Action(QuoteLinesForm, DraftQuote),
    "quote-sending": Action(QuoteSendingForm, SendQuote, accounts),
    "quote-decision": Action(QuoteDecisionForm, RecordQuoteDecision),
}
