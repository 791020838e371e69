"""SMS through BulkSMS's JSON REST API: `POST /messages` with basic authentication.

Each message goes with `deduplication-id` (its queueing's log position, which BulkSMS keeps for
about 12 hours: a resubmission after a lost answer or a crash is not sent twice) and
`userSuppliedId` (`as` + that position, at most 20 characters), which status reports return.
Without a sender id of its own the message is REPLIABLE, so replies come back to the webhook.
A 429, a 5xx, an unreachable API, refused credentials (401) and no credit (403) are failures for
now; a 400 (an invalid number, say) fails the message for good.
"""

from typing import Any

import httpx

from adapters.channels.accounts import TenantChannels
from adapters.channels.port import Outgoing, SendFailed, not_configured, retry_after
from domain.values import ContactChannel

REFERENCE_PREFIX = "as"
INT32 = 2**31


def reference_of(user_supplied_id: str) -> int | None:
    """The log position a status report's `userSuppliedId` names, if it is one of ours."""
    digits = user_supplied_id.removeprefix(REFERENCE_PREFIX)
    if user_supplied_id.startswith(REFERENCE_PREFIX) and digits.isdigit() and len(digits) < 19:
        return int(digits)
    return None


class BulkSms:
    channel = ContactChannel.SMS
    correlates = False  # deduplication-id makes resending safe instead

    def __init__(self, base_url: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.client = httpx.Client(timeout=timeout)

    def send(self, accounts: TenantChannels, message: Outgoing) -> str | None:
        account = accounts.sms
        if account is None:
            raise not_configured(self.channel)
        entry: dict[str, Any] = {
            "to": message.to,
            "body": message.body,
            "userSuppliedId": f"{REFERENCE_PREFIX}{message.reference}",
            "from": account.sender or {"type": "REPLIABLE"},
            "deliveryReports": "ALL",
        }
        params = {
            "deduplication-id": str(message.reference % INT32),
            "auto-unicode": "true",
            "longMessageMaxParts": "6",
        }
        auth = (account.username, account.password.get_secret_value())
        try:
            answer = self.client.post(
                f"{self.base_url}/messages", params=params, json=[entry], auth=auth
            )
        except httpx.HTTPError as e:
            raise SendFailed(
                "unreachable", f"BulkSMS: {type(e).__name__}", permanent=False
            ) from None
        if answer.status_code == 201:
            try:
                return str(answer.json()[0]["id"])
            except (ValueError, KeyError, IndexError, TypeError):
                return None
        raise failure(answer)

    def close(self) -> None:
        self.client.close()


def failure(answer: httpx.Response) -> SendFailed:
    """BulkSMS's problem document (`{"type", "title", "status", "detail"}`)."""
    try:
        problem = answer.json()
        detail = str(problem.get("detail") or problem.get("title") or "")
    except (ValueError, AttributeError):
        detail = ""
    status = answer.status_code
    return SendFailed(
        f"http_{status}",
        detail[:500] or f"BulkSMS answered {status}",
        permanent=status < 500 and status not in (401, 403, 408, 429),
        retry_after=retry_after(answer.headers.get("Retry-After")),
    )
