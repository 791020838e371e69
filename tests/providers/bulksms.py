"""A server answering like BulkSMS's JSON REST API (`POST /messages`), with its
deduplication-id honoured as BulkSMS documents it, and the webhook calls BulkSMS would make."""

import base64
import itertools
from typing import Any

from tests.providers.http import Answer, LocalServer, Request


def problem(status: int, title: str, detail: str, **headers: str) -> Answer:
    body = {
        "type": "https://developer.bulksms.com/json/v1/errors",
        "title": title,
        "status": status,
        "detail": detail,
    }
    return Answer(status, body, headers)


SERVER_ERROR = problem(500, "Internal Server Error", "try again later")
RATE_LIMITED = problem(429, "Too Many Requests", "slow down", **{"Retry-After": "1"})
INVALID_NUMBER = problem(400, "Bad Request", "the phone number is not valid")


class BulkSms(LocalServer):
    """`accepted` holds each message it took once: a resubmission with a deduplication-id the
    account used before answers as before and sends nothing."""

    def __init__(self) -> None:
        super().__init__(self._messages)
        self.accounts: dict[str, str] = {}
        self.accepted: list[dict[str, Any]] = []
        self.answers: dict[str, Answer] = {}
        self.ids = itertools.count(1)

    def _messages(self, request: Request) -> Answer:
        if request.path != "/messages":
            return problem(404, "Not Found", request.path)
        user = self._user(request.headers.get("authorization", ""))
        if user is None:
            return problem(401, "Unauthorized", "bad credentials")
        dedup = request.query.get("deduplication-id")
        dedup = f"{user}/{dedup}" if dedup is not None else None
        with self.lock:
            if dedup is not None and dedup in self.answers:
                return self.answers[dedup]
            created = []
            for entry in request.body or []:
                message = {
                    "id": f"{next(self.ids)}",
                    "type": "SENT",
                    "from": "",
                    "to": entry["to"],
                    "body": entry["body"],
                    "userSuppliedId": entry.get("userSuppliedId"),
                    "status": {"id": "ACCEPTED.null", "type": "ACCEPTED", "subtype": None},
                }
                created.append(message)
                self.accepted.append(message)
            answer = Answer(201, created)
            if dedup is not None:
                self.answers[dedup] = answer
        return answer

    def _user(self, header: str) -> str | None:
        """The account of a request with its right password (a deduplication-id is per account)."""
        try:
            user, password = base64.b64decode(header.removeprefix("Basic ")).decode().split(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return user if self.accounts.get(user) == password else None

    def sent_to(self, phone: str) -> list[dict[str, Any]]:
        return [m for m in self.accepted if m["to"] == phone]


def status_report(message: dict[str, Any], status: str, subtype: str | None = None) -> list[Any]:
    """BulkSMS's `status-report` call about a message it accepted."""
    report = {
        **message,
        "status": {"id": f"{status}.{subtype}", "type": status, "subtype": subtype},
    }
    return [report]


def reply(sender: str, text: str, provider_id: str) -> list[Any]:
    """BulkSMS's `incoming-message` call: a reply to one of our (repliable) messages."""
    return [
        {
            "id": provider_id,
            "type": "RECEIVED",
            "from": sender,
            "to": "+27600000000",
            "body": text,
            "encoding": "TEXT",
            "submission": {"id": "2-00000000001", "date": "2026-03-01T10:00:00Z"},
            "status": {"id": "RECEIVED.null", "type": "RECEIVED"},
        }
    ]
