"""What the ticket detail's timeline says of a ticket's quotes: each drafted quote's lines, rate
and currency, its sending, and each decision with its evidence; the ticket's quotes are read
back from these entries (queries/quotes.py)."""

from typing import Any

from domain.quote import DecisionChannel
from domain.ticket import Ticket

QUOTE_EVENTS = (
    Ticket.QuoteDrafted,
    Ticket.QuoteSent,
    Ticket.QuoteApproved,
    Ticket.QuoteDeclined,
)
QUOTE_UNION = Ticket.QuoteDrafted | Ticket.QuoteSent | Ticket.QuoteApproved | Ticket.QuoteDeclined


def quote_entry(event: Any) -> tuple[dict[str, object], str | None]:
    """A quote event's timeline entry, and the free text that came with it."""
    quote_id = str(event.quote_id)
    match event:
        case Ticket.QuoteDrafted():
            drafted = {"lines": event.lines, "vat_rate": event.vat_rate, "currency": event.currency}
            return {"kind": "quote_drafted", "quote_id": quote_id, **drafted}, None
        case Ticket.QuoteSent():
            sent = {"channel": event.channel, "message_id": str(event.message_id)}
            return {"kind": "quote_sent", "quote_id": quote_id, **sent}, None
    return _decision(event)


def _decision(
    event: Ticket.QuoteApproved | Ticket.QuoteDeclined,
) -> tuple[dict[str, object], str | None]:
    """A decision's entry (the keyed hash of its source, never the address) and its free text:
    the customer's typed signature, or the reason of the staff user who recorded it."""
    # Which text came with it, from what is not personal (so the same once the text is erased):
    # staff record a reason and no source; on the status page the customer signs.
    evidence = "reason" if event.source_hash is None else None
    evidence = "signature" if event.channel == DecisionChannel.STATUS_PAGE else evidence
    approved = isinstance(event, Ticket.QuoteApproved)
    decided: dict[str, object] = {
        "kind": "quote_approved" if approved else "quote_declined",
        "quote_id": str(event.quote_id),
        "channel": event.channel,
        "source_hash": event.source_hash,
        "evidence": evidence,
    }
    return decided, event.signature_name if event.signature_name is not None else event.reason
