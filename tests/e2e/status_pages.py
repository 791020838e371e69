"""Helpers for the status-link tests against a served process: staff calls, and the customer's
look at a status page from an address of its own (the service trusts loopback as its proxy)."""

import re
from typing import Any
from urllib.parse import urlsplit

import httpx

from domain.values import Role
from tests.support import PASSWORD, wait_until

PUBLIC_URL = "https://repairs.example.test"
LINK = re.compile(re.escape(PUBLIC_URL) + r"/status/[A-Za-z0-9_-]{43}")
OPENED = {
    "text": "Hi {first_name}, we have your {device} ({ticket_number}). Follow it: {status_link}",
    "whatsapp_template": "repair_opened",
    "whatsapp_language": "en",
}


class Staff:
    def __init__(self, base: str, username: str) -> None:
        self.base = base
        answer = httpx.post(
            f"{base}/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        assert answer.status_code == 200, answer.text
        self.headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def call(self, method: str, path: str, expect: int = 200, /, **body: Any) -> Any:
        answer = httpx.request(
            method, f"{self.base}{path}", json=body or None, headers=self.headers, timeout=30
        )
        assert answer.status_code == expect, answer.text
        return answer.json()

    def enrol(self, username: str, display_name: str) -> "Staff":
        """A new colleague with every role, signed in."""
        body = {"username": username, "display_name": display_name, "password": PASSWORD}
        self.call("POST", "/v1/staff", 201, **body, roles=list(Role))
        return Staff(self.base, username)

    def link_path(self, ticket_id: str) -> str:
        """The path of the ticket's current status link (its read model may lag a moment)."""
        answers: list[Any] = []

        def shown() -> bool:
            got = httpx.get(f"{self.base}/v1/tickets/{ticket_id}/status-link", headers=self.headers)
            answers.append(got)
            return got.status_code == 200

        wait_until(shown)
        url = str(answers[-1].json()["url"])
        assert LINK.fullmatch(url), url
        return urlsplit(url).path


def look(client: httpx.Client, path: str, source: str) -> httpx.Response:
    """A status page as a customer at `source` opens it (X-Forwarded-For, via loopback)."""
    return client.get(path, headers={"X-Forwarded-For": source})


def page_once(client: httpx.Client, path: str, source: str, *shown: str) -> str:
    """The page's text, once it is found and shows each of `shown`."""
    texts: list[str] = []

    def ready() -> bool:
        answer = look(client, path, source)
        texts.append(answer.text)
        return answer.status_code == 200 and all(s in answer.text for s in shown)

    wait_until(ready)
    return texts[-1]
