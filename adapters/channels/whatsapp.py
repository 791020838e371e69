"""WhatsApp through Meta's Cloud API: `POST /{version}/{phone-number-id}/messages`.

Text goes as `type: text`; a template as `type: template`, its values as the body's text
parameters in order. Every message carries our message id in `biz_opaque_callback_data`, which
Meta returns in each status callback. A 429, a 5xx, an unreachable API and Meta's throttling and
temporary codes are failures for now, and so is a credentials problem (an operator can fix it
while the message waits); a request sent but not answered is of unknown outcome; anything about
the message itself (131047 outside the 24 hours, 131026 no WhatsApp on that number, a template
problem) fails it for good.
"""

from typing import Any

import httpx

from adapters.channels.accounts import TenantChannels
from adapters.channels.port import (
    OutcomeUnknown,
    Outgoing,
    SendFailed,
    not_configured,
    retry_after,
)
from domain.values import ContactChannel

# Meta's codes that pass: throttling, temporary trouble, and credentials an operator renews.
FOR_NOW = frozenset({0, 1, 2, 4, 10, 190, 80007, 130429, 131000, 131016, 131048, 131056, 133004})


class WhatsApp:
    channel = ContactChannel.WHATSAPP
    correlates = True

    def __init__(self, base_url: str, version: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.version = version
        self.client = httpx.Client(timeout=timeout)

    def send(self, accounts: TenantChannels, message: Outgoing) -> str | None:
        account = accounts.whatsapp
        if account is None:
            raise not_configured(self.channel)
        url = f"{self.base_url}/{self.version}/{account.phone_number_id}/messages"
        token = account.access_token.get_secret_value()
        try:
            answer = self.client.post(
                url, json=payload(message), headers={"Authorization": f"Bearer {token}"}
            )
        except (httpx.ConnectError, httpx.ConnectTimeout) as e:
            raise SendFailed(
                "unreachable", f"the Graph API: {type(e).__name__}", permanent=False
            ) from None
        except httpx.HTTPError as e:
            raise OutcomeUnknown(f"the Graph API did not answer: {type(e).__name__}") from None
        if answer.status_code == 200:
            try:
                return str(answer.json()["messages"][0]["id"])
            except (ValueError, KeyError, IndexError, TypeError):
                return None
        raise failure(answer)

    def close(self) -> None:
        self.client.close()


def payload(message: Outgoing) -> dict[str, Any]:
    body: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.to.lstrip("+"),
        "biz_opaque_callback_data": str(message.message_id),
    }
    if message.template is None:
        return body | {"type": "text", "text": {"preview_url": False, "body": message.body}}
    values = [{"type": "text", "text": value} for value in message.parameters]
    template = {
        "name": message.template,
        "language": {"code": message.language or "en"},
        "components": [{"type": "body", "parameters": values}] if values else [],
    }
    return body | {"type": "template", "template": template}


def failure(answer: httpx.Response) -> SendFailed:
    """The Graph API's error (`{"error": {"code", "message", "error_data": {"details"}}}`)."""
    try:
        error = answer.json().get("error") or {}
    except ValueError:
        error = {}
    code = error.get("code")
    details = (error.get("error_data") or {}).get("details") or error.get("message") or ""
    for_now = answer.status_code == 429 or answer.status_code >= 500 or code in FOR_NOW
    return SendFailed(
        f"whatsapp_{code}" if code is not None else f"http_{answer.status_code}",
        str(details)[:500] or f"the Graph API answered {answer.status_code}",
        permanent=not for_now,
        retry_after=retry_after(answer.headers.get("Retry-After")),
    )
