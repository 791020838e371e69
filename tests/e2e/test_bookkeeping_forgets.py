"""Bookkeeping that forgets: Idempotency-Keys and their requests kept only as keyed digests, and
only for a while; failed logins likewise; a request id that is not a short safe token replaced
before it reaches an event, a log line or a table."""

import hashlib
import json
import logging
from datetime import UTC, datetime
from uuid import uuid4

import psycopg
import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from adapters.digests import KeyedDigest
from adapters.schedule import Pruning
from domain.values import Role
from tests.e2e.api import CUSTOMER
from tests.support import TenantKit, caught_up

PERSONAL = ("Thandi", "Nkosi", "082 555 1234", "0825551234", "thandi@example.co.za")


def rows(services: Services, sql: str, *params: object) -> list[tuple[object, ...]]:
    with psycopg.connect(services.database_url) as conn:
        return conn.execute(sql, params).fetchall()


def kept_answers(services: Services, tenant: TenantKit) -> list[tuple[object, ...]]:
    return rows(
        services,
        "SELECT key_digest, body_digest, answer FROM aftersales_idempotency WHERE tenant_id = %s",
        tenant.id,
    )


def test_an_idempotency_key_and_its_body_are_kept_as_keyed_digests_that_confirm_no_guess(
    client: TestClient, tenant: TenantKit
) -> None:
    key = f"thandi-0825551234-{uuid4().hex[:6]}"
    headers = {**tenant.headers(Role.AGENT), "Idempotency-Key": key}
    assert client.post("/v1/customers", json=CUSTOMER, headers=headers).status_code == 201
    [(key_digest, body_digest, answer)] = kept_answers(tenant.services, tenant)
    assert key not in str((key_digest, body_digest, answer))
    assert not any(value in str(answer) for value in PERSONAL)
    # Someone with the table who guesses the body (and the key) cannot confirm the guess...
    canonical = json.dumps(CUSTOMER, sort_keys=True, separators=(",", ":")).encode()
    guessed = b"POST /v1/customers\n" + canonical
    assert body_digest != hashlib.sha256(guessed).hexdigest()  # what was stored before
    assert key_digest not in (hashlib.sha256(key.encode()).hexdigest(), key)
    wrong = KeyedDigest("a guessed secret, thirty-two characters", "idempotency")
    assert body_digest != wrong("request", "POST", "/v1/customers", canonical)
    # ...which the server's secret does: the digests are of this key and body.
    right = tenant.services.idempotency_digest
    assert (key_digest, body_digest) == (
        right("key", key),
        right("request", "POST", "/v1/customers", canonical),
    )


def test_a_kept_answer_is_replayed_within_its_hours_then_forgotten_and_pruned(
    client: TestClient, tenant: TenantKit
) -> None:
    services = tenant.services
    headers = {**tenant.headers(Role.AGENT), "Idempotency-Key": "intake-aging"}
    first = client.post("/v1/customers", json=CUSTOMER, headers=headers).json()
    assert client.post("/v1/customers", json=CUSTOMER, headers=headers).json()["id"] == first["id"]
    hours = services.settings.idempotency_hours
    age = "UPDATE aftersales_idempotency SET created_at = now() - make_interval(hours => %s) "
    rows(services, age + "WHERE tenant_id = %s RETURNING 1", hours, tenant.id)
    # Past its time the key is free: another body is a new request, not a reused key (422).
    other = client.post("/v1/customers", json={**CUSTOMER, "name": "Sipho"}, headers=headers)
    assert other.status_code == 201 and other.json()["id"] != first["id"]
    rows(services, age + "WHERE tenant_id = %s RETURNING 1", hours + 1, tenant.id)
    assert Pruning(services).tick(datetime.now(UTC))[0] >= 1
    assert kept_answers(services, tenant) == []


def test_a_failed_login_is_counted_under_keyed_digests_and_pruned_when_its_window_ends(
    client: TestClient, tenant: TenantKit
) -> None:
    services = tenant.services
    username = f"thandi.nkosi.{uuid4().hex[:6]}"
    answer = client.post("/v1/auth/token", data={"username": username, "password": "a guess"})
    assert answer.status_code == 401
    digest = services.throttle.digest
    counted = rows(
        services,
        "SELECT username_digest, source_digest, device_digest FROM aftersales_login_failures "
        "WHERE username_digest = %s",
        digest("username", username),
    )
    assert counted == [(digest("username", username), digest("source", "testclient"), None)]
    assert username not in str(counted) and "testclient" not in str(counted)
    window = services.throttle.window
    rows(
        services,
        "UPDATE aftersales_login_failures SET failed_at = now() - %s - interval '1 second' "
        "WHERE username_digest = %s RETURNING 1",
        window,
        digest("username", username),
    )
    assert Pruning(services).tick(datetime.now(UTC))[1] >= 1
    left = "SELECT 1 FROM aftersales_login_failures WHERE username_digest = %s"
    assert rows(services, left, digest("username", username)) == []


@pytest.mark.parametrize(
    "given",
    [
        "Thandi Nkosi +27 82 555 1234",
        "thandi@example.co.za",
        "call-" + "0825551234" * 7,  # a safe token, but longer than 64
        "Thandi\u00e9",
    ],
)
def test_a_request_id_that_is_not_a_short_safe_token_is_replaced_everywhere_it_is_kept(
    client: TestClient, tenant: TenantKit, caplog: pytest.LogCaptureFixture, given: str
) -> None:
    headers: dict[str, str | bytes] = {
        **tenant.headers(Role.AGENT),
        "X-Request-ID": given.encode("utf-8"),
        "Idempotency-Key": f"rid-{uuid4().hex}",
    }
    with caplog.at_level(logging.INFO):
        written = client.post("/v1/customers", json=CUSTOMER, headers=headers)
    assert written.status_code == 201
    replaced = written.headers["x-request-id"]
    assert replaced != given and len(replaced) == 32
    caught_up(tenant.services)
    history = client.get(
        f"/v1/audit/aggregates/{written.json()['id']}/events",
        headers=tenant.headers(Role.AUDITOR),
    ).json()["items"]
    assert [e["request_id"] for e in history] == [replaced]
    stored = rows(
        tenant.services,
        "SELECT state FROM aftersales_events WHERE originator_id = %s",
        written.json()["id"],
    )
    kept = str(kept_answers(tenant.services, tenant))
    assert replaced in str(stored) and replaced in caplog.text  # where the request id goes
    for place in (str(stored), caplog.text, kept):
        assert given not in place and "Nkosi" not in place and "555 1234" not in place


def test_a_short_safe_request_id_is_kept_as_sent(client: TestClient, tenant: TenantKit) -> None:
    given = "req-" + "a" * 60
    headers = {**tenant.headers(Role.AGENT), "X-Request-ID": given}
    written = client.post("/v1/customers", json=CUSTOMER, headers=headers)
    assert written.headers["x-request-id"] == given
