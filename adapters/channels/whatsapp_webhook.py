"""What Meta's webhook deliveries say: the signature over the raw body, message statuses, and
customers' messages. Anything malformed in a delivery is passed over, never an error."""

import hashlib
import hmac
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from commands.callbacks import Inbound, StatusReport
from domain.errors import InvalidValue
from domain.values import phone_number

PREFIX = "sha256="


def signed(body: bytes, header: str | None, app_secret: str) -> bool:
    """Whether X-Hub-Signature-256 is the HMAC-SHA256 of the raw body under the app secret."""
    if not header or not header.startswith(PREFIX):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len(PREFIX) :].strip().lower())


def changes(payload: Any, phone_number_id: str) -> Iterator[dict[str, Any]]:
    """The `value` of each `messages` change addressed to this phone number."""
    entries = payload.get("entry") if isinstance(payload, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        for change in _items(entry, "changes"):
            value = change.get("value")
            if not isinstance(value, dict):
                continue
            metadata = value.get("metadata")
            if (
                isinstance(metadata, dict)
                and str(metadata.get("phone_number_id")) == phone_number_id
            ):
                yield value


def statuses(value: dict[str, Any]) -> Iterator[StatusReport]:
    for status in _items(value, "statuses"):
        provider_id, kind = status.get("id"), status.get("status")
        if not isinstance(provider_id, str) or not isinstance(kind, str):
            continue
        errors = _items(status, "errors")
        error = errors[0] if errors else {}
        details = (error.get("error_data") or {}).get("details") if error else None
        yield StatusReport(
            kind,
            message_id=_uuid(status.get("biz_opaque_callback_data")),  # ours, when given back
            provider_id=provider_id,
            code=f"whatsapp_{error['code']}" if "code" in error else None,
            reason=str(details or error.get("message") or error.get("title") or "")[:500] or None,
        )


def messages(value: dict[str, Any]) -> Iterator[Inbound]:
    for message in _items(value, "messages"):
        provider_id, sender = message.get("id"), message.get("from")
        if not isinstance(provider_id, str) or not isinstance(sender, str | int):
            continue
        try:
            e164 = phone_number(f"+{sender}")
            sent_at = datetime.fromtimestamp(int(message.get("timestamp", "")), UTC)
        except (InvalidValue, ValueError, OverflowError, OSError):
            continue
        yield Inbound(provider_id, e164, _text(message), sent_at)


def _text(message: dict[str, Any]) -> str:
    kind = str(message.get("type") or "unknown")
    content = message.get(kind)
    if not isinstance(content, dict):
        return f"[{kind}]"
    if kind == "interactive":
        reply = content.get("button_reply") or content.get("list_reply") or {}
        return (
            str(reply.get("title") or "[interactive]")
            if isinstance(reply, dict)
            else "[interactive]"
        )
    text = content.get("body") or content.get("text") or content.get("caption")
    return str(text)[:4000] if text else f"[{kind}]"


def _items(node: Any, key: str) -> list[dict[str, Any]]:
    items = node.get(key) if isinstance(node, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None
