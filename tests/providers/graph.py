"""A server answering like Meta's Graph API for WhatsApp messages, and the signed webhook
deliveries Meta would make about them."""

import hashlib
import hmac
import itertools
import json
import time
from typing import Any

from tests.providers.http import Answer, LocalServer, Request

VERSION = "v21.0"


def graph_error(code: int, status: int, details: str, **headers: str) -> Answer:
    error = {
        "message": f"(#{code}) {details}",
        "type": "OAuthException",
        "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": details},
        "fbtrace_id": "Az8or2yhqkZfEZ",
    }
    return Answer(status, {"error": error}, headers)


RATE_LIMITED = graph_error(130429, 429, "Rate limit hit", **{"Retry-After": "1"})
SERVER_ERROR = graph_error(131000, 500, "Something went wrong")
OUTSIDE_WINDOW = graph_error(
    131047, 400, "Message failed to send because more than 24 hours have passed"
)


class GraphApi(LocalServer):
    """Accepts `POST /{version}/{phone-number-id}/messages` for the numbers it knows (their
    bearer tokens in `tokens`); `accepted` holds every message it took, in order."""

    def __init__(self) -> None:
        super().__init__(self._messages)
        self.tokens: dict[str, str] = {}
        self.accepted: list[dict[str, Any]] = []
        self.ids = itertools.count(1)

    def _messages(self, request: Request) -> Answer:
        parts = request.path.strip("/").split("/")
        if len(parts) != 3 or parts[0] != VERSION or parts[2] != "messages":
            return graph_error(100, 400, "Unknown path")
        if request.headers.get("authorization") != f"Bearer {self.tokens.get(parts[1])}":
            return graph_error(190, 401, "Invalid OAuth access token")
        body = request.body or {}
        wamid = f"wamid.HBgM{next(self.ids):08d}"
        with self.lock:
            self.accepted.append({**body, "_wamid": wamid, "_number": parts[1]})
        to = body.get("to")
        return Answer(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": wamid}],
            },
        )

    def sent_to(self, phone: str) -> list[dict[str, Any]]:
        return [m for m in self.accepted if m.get("to") == phone.lstrip("+")]


def delivery(number: str, value: dict[str, Any]) -> dict[str, Any]:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "27215550000", "phone_number_id": number},
        **value,
    }
    change = {"field": "messages", "value": value}
    return {"object": "whatsapp_business_account", "entry": [{"id": "1029", "changes": [change]}]}


def status_update(
    number: str, accepted: dict[str, Any], status: str, error: int | None = None
) -> dict[str, Any]:
    """Meta's status callback about a message it accepted (`biz_opaque_callback_data` back)."""
    update: dict[str, Any] = {
        "id": accepted["_wamid"],
        "status": status,
        "timestamp": str(int(time.time())),
        "recipient_id": accepted["to"],
    }
    if "biz_opaque_callback_data" in accepted:
        update["biz_opaque_callback_data"] = accepted["biz_opaque_callback_data"]
    if error is not None:
        update["errors"] = [
            {"code": error, "title": "Re-engagement message", "error_data": {"details": "24h"}}
        ]
    return delivery(number, {"statuses": [update]})


def inbound(
    number: str, sender: str, text: str, wamid: str, at: float | None = None
) -> dict[str, Any]:
    message = {
        "from": sender.lstrip("+"),
        "id": wamid,
        "timestamp": str(int(at or time.time())),
        "type": "text",
        "text": {"body": text},
    }
    contact = {"profile": {"name": "Customer"}, "wa_id": sender.lstrip("+")}
    return delivery(number, {"contacts": [contact], "messages": [message]})


def signed(payload: dict[str, Any], app_secret: str) -> tuple[bytes, dict[str, str]]:
    """The raw body and headers of Meta's POST of this payload."""
    body = json.dumps(payload).encode()
    return body, signature_headers(body, app_secret)


def signature_headers(body: bytes, app_secret: str) -> dict[str, str]:
    signature = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={signature}", "Content-Type": "application/json"}
