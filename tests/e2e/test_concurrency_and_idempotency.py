"""Concurrent writers get 409, never lost updates; a retried Idempotency-Key stores nothing new."""

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import CUSTOMER, open_ticket, register_customer
from tests.support import TenantKit, caught_up, event_count


def test_two_writers_with_the_same_if_match_get_one_success_and_one_conflict(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, headers, register_customer(client, headers))
    url = f"/v1/tickets/{ticket['id']}/notes"
    if_match = {**headers, "If-Match": f'"{ticket["version"]}"'}

    def write(n: int) -> int:
        return int(client.post(url, json={"body": f"writer {n}"}, headers=if_match).status_code)

    for _ in range(5):
        with ThreadPoolExecutor(2) as pool:
            codes = sorted(pool.map(write, range(2)))
        if codes == [201, 409]:
            break
        assert codes == [201, 409] or codes[0] == 409, codes
    assert codes == [201, 409]
    caught_up(tenant.services)
    shown = client.get(f"/v1/tickets/{ticket['id']}", headers=headers).json()
    assert len(shown["notes"]) == 1


def test_a_stale_if_match_gets_the_current_version(client: TestClient, tenant: TenantKit) -> None:
    headers = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, headers, register_customer(client, headers))
    url = f"/v1/tickets/{ticket['id']}/notes"
    assert client.post(url, json={"body": "first"}, headers=headers).status_code == 201
    stale = client.post(url, json={"body": "second"}, headers={**headers, "If-Match": '"1"'})
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict"
    assert stale.json()["current_version"] == 2


def test_concurrent_writers_without_if_match_lose_no_update(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, headers, register_customer(client, headers))
    url = f"/v1/tickets/{ticket['id']}/notes"

    def write(n: int) -> int:
        return int(client.post(url, json={"body": f"note {n}"}, headers=headers).status_code)

    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(write, range(8)))
    caught_up(tenant.services)
    shown = client.get(f"/v1/tickets/{ticket['id']}", headers=headers).json()
    assert len(shown["notes"]) == codes.count(201)
    assert set(codes) <= {201, 409}
    assert codes.count(201) >= 1


def test_a_retried_idempotency_key_returns_the_first_answer_and_stores_nothing(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = {**tenant.headers(Role.AGENT), "Idempotency-Key": "intake-7781"}
    first = client.post("/v1/customers", json=CUSTOMER, headers=headers)
    assert first.status_code == 201
    before = event_count(tenant.services)
    again = client.post("/v1/customers", json=dict(reversed(CUSTOMER.items())), headers=headers)
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["version"] == first.json()["version"]
    assert event_count(tenant.services) == before


def test_concurrent_retries_of_one_key_store_one_customer(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = {**tenant.headers(Role.AGENT), "Idempotency-Key": "burst-1"}
    before = event_count(tenant.services)
    with ThreadPoolExecutor(4) as pool:
        answers = list(
            pool.map(
                lambda _: client.post("/v1/customers", json=CUSTOMER, headers=headers),
                range(4),
            )
        )
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert event_count(tenant.services) == before + 1


def test_the_same_key_with_another_body_is_refused(client: TestClient, tenant: TenantKit) -> None:
    headers = {**tenant.headers(Role.AGENT), "Idempotency-Key": "intake-7782"}
    assert client.post("/v1/customers", json=CUSTOMER, headers=headers).status_code == 201
    before = event_count(tenant.services)
    other = client.post("/v1/customers", json={**CUSTOMER, "name": "Sipho"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert event_count(tenant.services) == before


def test_idempotency_keys_belong_to_their_tenant(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    for kit in (tenant, other_tenant):
        headers = {**kit.headers(Role.AGENT), "Idempotency-Key": "shared-key"}
        response = client.post("/v1/customers", json=CUSTOMER, headers=headers)
        assert response.status_code == 201
