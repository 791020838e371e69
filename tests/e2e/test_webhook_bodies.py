"""The providers' webhook bodies within bounds: a proven call whose body is not JSON or nests
deeper than any provider's is 400 and stores nothing, an unproven one 401 before its body is
read; control characters in what a customer wrote are dropped and the message kept."""

import json
from typing import Any

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.messaging import post_whatsapp
from tests.providers.accounts import Providers, TenantAccounts
from tests.providers.bulksms import reply
from tests.providers.graph import inbound, signature_headers
from tests.support import TenantKit, caught_up, event_count

DEEP = b'{"entry": ' + b"[" * 1000 + b"]" * 1000 + b"}"
JUST_TOO_DEEP = b"[" * 33 + b"]" * 33
UNREADABLE = [DEEP, JUST_TOO_DEEP, b"not json", b'{"entry": [', b"\xff\xfe", b"1" * 5000]


def whatsapp(client: TestClient, accounts: TenantAccounts, body: bytes, secret: str) -> Any:
    headers = signature_headers(body, secret)
    return client.post(f"/v1/webhooks/whatsapp/{accounts.slug}", content=body, headers=headers)


def sms(client: TestClient, accounts: TenantAccounts, body: bytes, secret: str) -> Any:
    url = f"/v1/webhooks/sms/{accounts.slug}"
    return client.post(url, content=body, params={"secret": secret})


def test_a_proven_body_that_is_not_json_or_nests_too_deep_is_400_and_an_unproven_one_401(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    caught_up(tenant.services)
    before = event_count(tenant.services)
    for body in UNREADABLE:
        for post, secret in ((whatsapp, accounts.app_secret), (sms, accounts.webhook_secret)):
            answer = post(client, accounts, body, secret)
            assert answer.status_code == 400, (post, body[:20], answer.text)
            assert answer.headers["content-type"] == "application/problem+json"
            forged = post(client, accounts, body, "not-the-secret")
            assert forged.status_code == 401, (post, body[:20])
    assert event_count(tenant.services) == before


def test_json_as_deep_as_a_provider_nests_it_is_read(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    brackets_in_text = inbound(accounts.phone_number_id, "+27824440001", "[[[[" * 20, "wamid.d1")
    nested = json.dumps({"entry": [{"changes": [{"value": {"x": [[[[[[[[[[[]]]]]]]]]]]}}]}]})
    for body in (json.dumps(brackets_in_text).encode(), nested.encode()):
        answer = whatsapp(client, accounts, body, accounts.app_secret)
        assert answer.status_code == 200, answer.text


def test_a_body_over_the_size_limit_is_refused_before_it_is_read(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    body = json.dumps({"entry": [], "padding": "x" * 300_000}).encode()
    for post, secret in ((whatsapp, accounts.app_secret), (sms, accounts.webhook_secret)):
        answer = post(client, accounts, body, secret)
        assert answer.status_code == 413, answer.text


def test_control_characters_in_a_customers_message_are_dropped_and_the_message_kept(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    written = "When\x00 can I\x1b fetch\x85 it?\ud800\n"
    payload = inbound(accounts.phone_number_id, "+27824440002", written, "wamid.nul\x00")
    assert post_whatsapp(client, accounts, payload).status_code == 200
    texted = reply("+27824440003", "Is it\x00 ready?", "mo-\x00-1")
    url = f"/v1/webhooks/sms/{tenant.slug}"
    answer = client.post(url, json=texted, params={"secret": accounts.webhook_secret})
    assert answer.status_code == 200, answer.text
    caught_up(tenant.services)
    triage = client.get("/v1/messages/triage", headers=tenant.headers(Role.AGENT)).json()
    assert sorted(m["body"] for m in triage["items"]) == [
        "Is it ready?",
        "When can I fetch it?\ufffd\n",
    ]


def test_no_json_body_however_deep_is_a_server_error(client: TestClient, tenant: TenantKit) -> None:
    headers = {**tenant.headers(Role.AGENT), "content-type": "application/json"}
    for body in (DEEP, b'{"name": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"):
        answer = client.post("/v1/customers", content=body, headers=headers)
        assert 400 <= answer.status_code < 500, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
