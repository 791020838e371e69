"""A ticket's status link against `aftersales serve`: it reaches the customer in the opening
message, its page shows nothing personal (also once the customer is erased), a token that
never was, a revoked one and an expired one answer alike, and guessing is throttled."""

import json
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import channel_settings
from tests.e2e.status_pages import LINK, OPENED, PUBLIC_URL, Staff, look, page_once
from tests.providers.accounts import Providers
from tests.served import served_tenant
from tests.support import wait_until

SLUG = "statusshop"
LIMIT = 100  # status pages one address may open a minute


@dataclass(frozen=True)
class Slugged:
    slug: str = SLUG


@dataclass(frozen=True)
class Shop:
    client: httpx.Client  # the customers' (keep-alive, as a browser's)
    admin: Staff
    providers: Providers


@pytest.fixture(scope="module")
def shop(
    server_url: str, tmp_path_factory: pytest.TempPathFactory, providers: Providers
) -> Iterator[Shop]:
    settings = {
        **channel_settings(providers),
        "public_url": PUBLIC_URL,
        "status_link_days_after_closure": 0,  # a finished ticket's link stops at once
        "status_link_lookups_per_source": LIMIT,
        "trusted_proxies": "127.0.0.1",
    }
    where = tmp_path_factory.mktemp("status-links")
    with served_tenant(server_url, where, SLUG, "shop-admin", **settings) as base:
        providers.enable(Slugged())
        with httpx.Client(base_url=base, timeout=30) as client:
            yield Shop(client, Staff(base, "shop-admin"), providers)


def source() -> str:
    """An address of its own for each test's customer, so their limits do not meet."""
    return f"198.51.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


def opened(staff: Staff, serial: str, fault: str = "Fan noise", **person: Any) -> dict[str, Any]:
    """A ticket opened on WhatsApp for a new customer who consented to it."""
    details = {
        "name": "Lwazi",
        "surname": "Mokoena",
        "phone": f"082 {secrets.randbelow(10**7):07d}",
        "consents": {"whatsapp": True, "sms": False, "email": False},
        **person,
    }
    customer = staff.call("POST", "/v1/customers", 201, **details)
    intake = {
        "customer_id": customer["id"],
        "device": {"make": "Deye", "model": "SUN-5K", "serial_number": serial},
        "fault_description": fault,
        "channel": "whatsapp",
    }
    ticket: dict[str, Any] = staff.call("POST", "/v1/tickets", 201, **intake)
    return {**ticket, "customer_id": customer["id"]}


@pytest.mark.slow
def test_the_opening_message_on_whatsapp_carries_a_link_that_opens_the_page(shop: Shop) -> None:
    admin = shop.admin
    admin.call("PUT", "/v1/tenant/message-templates/opened", **OPENED)
    admin.call("PUT", "/v1/tenant/automatic-messages", opened="opened")
    admin.call(
        "PUT",
        "/v1/tenant/shop",
        phone="021 555 0100",
        email="desk@statusshop.example",
        address="12 Long Street, Cape Town",
        hours={"mon": {"opens": "08:00", "closes": "17:00"}, "sat": None},
    )
    ticket = opened(admin, "DY5K-OPEN-1", phone="082 700 0101")
    wait_until(lambda: shop.providers.graph.sent_to("+27827000101"), seconds=30)
    [message] = shop.providers.graph.sent_to("+27827000101")
    [link] = LINK.findall(json.dumps(message))
    assert urlsplit(link).path == admin.link_path(ticket["id"])

    text = page_once(shop.client, urlsplit(link).path, source(), ticket["number"])
    for shown in ("Deye SUN-5K", "We have received your device.", "Received", "+27215550100"):
        assert shown in text
    assert "desk@statusshop.example" in text and "12 Long Street" in text
    assert "08:00–17:00" in text and "Closed" in text


DISTINCT = {
    "name": "Zanelethu",
    "surname": "Quigglesworth",
    "phone": "082 913 4477",
    "email": "quiggles.zx@example.org",
}
FAULT = "Zorbulated capacitor flickers"
NOTE = "Xylophonic internal remark"
MOVE_NOTE = "Plumbagoic bench note"
REPAIR = "Frobnicator swapped out"
SERIAL = "QX-SERIAL-99871"
TECHNICIAN = "Wobblesby Technician"


def no_personal_field(text: str) -> None:
    personal = [*DISTINCT.values(), "+27829134477", "0829134477", FAULT, NOTE, MOVE_NOTE]
    for value in (*personal, REPAIR, SERIAL, TECHNICIAN, "Lwazi", "Mokoena"):
        assert value.lower() not in text.lower(), value


@pytest.mark.slow
def test_the_page_shows_no_personal_field_before_or_after_the_customers_erasure(
    shop: Shop,
) -> None:
    technician = shop.admin.enrol("wobblesby", TECHNICIAN)
    ticket = opened(technician, SERIAL, FAULT, **DISTINCT)
    path = technician.link_path(ticket["id"])
    at = f"/v1/tickets/{ticket['id']}"
    technician.call("POST", f"{at}/notes", 201, body=NOTE)
    technician.call("POST", f"{at}/status", status="diagnosing", note=MOVE_NOTE)
    technician.call("POST", f"{at}/repairs", 201, kind="repair", description=REPAIR)
    technician.call("POST", f"{at}/status", status="awaiting_parts")
    where = source()
    text = page_once(shop.client, path, where, "We are waiting for parts.", "Waiting for parts")
    assert "Diagnosing" in text and ticket["number"] in text
    no_personal_field(text)

    erasure = {"ground": "data_subject_request", "reason": "asked"}
    technician.call("POST", f"/v1/customers/{ticket['customer_id']}/erasure", **erasure)
    technician.call("POST", f"{at}/status", status="in_repair")
    after = page_once(shop.client, path, where, "We are repairing your device.")
    assert ticket["number"] in after and "Deye SUN-5K" in after
    no_personal_field(after)


@pytest.mark.slow
def test_a_revoked_an_expired_and_an_unknown_token_answer_alike_and_a_reopening_revives(
    shop: Shop,
) -> None:
    admin, where = shop.admin, source()
    revoked = opened(admin, "DY5K-REVOKE-1")
    old = admin.link_path(revoked["id"])
    page_once(shop.client, old, where, revoked["number"])
    revocation = admin.call("POST", f"/v1/tickets/{revoked['id']}/status-link/revocation")
    new = urlsplit(revocation["url"]).path
    assert new != old and revocation["generation"] == 1
    page_once(shop.client, new, where, revoked["number"])

    expired = opened(admin, "DY5K-EXPIRE-1")
    expired_path = admin.link_path(expired["id"])
    page_once(shop.client, expired_path, where, expired["number"])
    admin.call(
        "POST", f"/v1/tickets/{expired['id']}/closure", resolution="repaired", summary="done"
    )
    wait_until(lambda: look(shop.client, expired_path, where).status_code == 404)

    unknown = f"/status/{secrets.token_urlsafe(32)}"
    answers = [look(shop.client, path, where) for path in (old, expired_path, unknown)]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert len({a.headers["content-type"] for a in answers}) == 1
    streams = [look(shop.client, f"{p}/live", where) for p in (old, expired_path, unknown)]
    assert {s.status_code for s in streams} == {404}
    assert {s.content for s in streams} == {answers[0].content}

    admin.call("POST", f"/v1/tickets/{expired['id']}/reopening", reason="fault came back")
    page_once(shop.client, expired_path, where, "We have received your device.")  # revived


@pytest.mark.slow
def test_ten_thousand_random_tokens_find_nothing_and_each_address_is_throttled(
    shop: Shop,
) -> None:
    """100 addresses guess 100 tokens each (the limit): none is found; each address's next
    looks, even with a real token and at its stream, are 429 until its window passes."""
    ticket = opened(shop.admin, "DY5K-THROTTLE-1")
    real = shop.admin.link_path(ticket["id"])
    page_once(shop.client, real, source(), ticket["number"])
    base = str(shop.client.base_url)

    def guess(addresses: list[str]) -> tuple[list[int], list[tuple[int, str]]]:
        found, throttled = [], []
        with httpx.Client(base_url=base, timeout=30) as client:
            for where in addresses:
                for _ in range(LIMIT):
                    path = f"/status/{secrets.token_urlsafe(32)}"
                    found.append(look(client, path, where).status_code)
                for path in (real, f"{real}/live"):
                    answer = look(client, path, where)
                    throttled.append((answer.status_code, answer.headers.get("Retry-After", "")))
        return found, throttled

    halves = [[f"203.0.113.{n}" for n in range(start, 101, 2)] for start in (1, 2)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(guess, halves))
    found = [code for codes, _ in answers for code in codes]
    assert len(found) == 10_000 and set(found) == {404}
    throttled = [answer for _, each in answers for answer in each]
    assert len(throttled) == 200 and {code for code, _ in throttled} == {429}
    assert all(1 <= int(wait) <= 60 for _, wait in throttled)
    assert look(shop.client, real, source()).status_code == 200  # another address is not held
