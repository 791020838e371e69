"""What BulkSMS's webhook calls say: a JSON array of message objects, status reports of the
messages we sent (`type: SENT`, with our `userSuppliedId`) and replies (`type: RECEIVED`).
BulkSMS does not sign its calls: the tenant's webhook URL carries a secret (`?secret=...`)."""

import hmac
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from adapters.channels.sms import reference_of
from commands.callbacks import Inbound, StatusReport
from domain.errors import InvalidValue
from domain.values import phone_number

OUTCOMES = {"SENT": "sent", "DELIVERED": "delivered", "FAILED": "failed"}


def authentic(given: str | None, secret: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), secret.encode())


def reports(payload: Any) -> Iterator[StatusReport]:
    for item in _items(payload):
        given = item.get("status")
        status: dict[str, Any] = given if isinstance(given, dict) else {}
        outcome = OUTCOMES.get(str(status.get("type")))
        reference = reference_of(str(item.get("userSuppliedId") or ""))
        if item.get("type") != "SENT" or outcome is None or reference is None:
            continue
        reason = status.get("subtype") or status.get("id") if outcome == "failed" else None
        yield StatusReport(outcome, reference=reference, reason=str(reason or "") or None)


def replies(payload: Any) -> Iterator[Inbound]:
    for item in _items(payload):
        provider_id, sender, body = item.get("id"), item.get("from"), item.get("body")
        if item.get("type") != "RECEIVED" or not provider_id or not isinstance(sender, str):
            continue
        try:
            e164 = phone_number(sender if sender.startswith("+") else f"+{sender}")
        except InvalidValue:
            continue
        yield Inbound(str(provider_id), e164, str(body or "")[:4000], _received_at(item))


def _received_at(item: dict[str, Any]) -> datetime:
    submission = item.get("submission")
    try:
        at = datetime.fromisoformat(str(submission.get("date")))  # type: ignore[union-attr]
        return at if at.tzinfo else at.replace(tzinfo=UTC)
    except (AttributeError, ValueError):
        return datetime.now(UTC)


def _items(payload: Any) -> list[dict[str, Any]]:
    items = payload if isinstance(payload, list) else [payload]
    return [i for i in items if isinstance(i, dict)]
