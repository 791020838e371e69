"""Two records of one person merged: the duplicate's devices move to the survivor, its tickets
show there, it stays read-only, and the survivor's erasure erases it too; every refusal names
why and merges nothing, and of two merges of one duplicate at once only one succeeds."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import DEVICE, open_ticket, register_customer
from tests.support import TenantKit, caught_up

OTHER_DEVICE = {"make": "Pylontech", "model": "US5000", "serial_number": "PT-5000-0001"}


def merge(
    client: TestClient, headers: dict[str, str], survivor: str, duplicate: str, **more: str
) -> httpx.Response:
    answer: httpx.Response = client.post(
        f"/v1/customers/{survivor}/merge", json={"duplicate_id": duplicate}, headers=headers | more
    )
    return answer


def record(client: TestClient, headers: dict[str, str], customer: str) -> dict[str, Any]:
    answer = client.get(f"/v1/customers/{customer}", headers=headers)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def refused(answer: httpx.Response, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code, answer.text


def test_a_duplicate_merges_into_the_survivor_which_shows_its_devices_and_tickets(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    survivor = register_customer(client, desk)
    open_ticket(client, desk, survivor, device=OTHER_DEVICE)
    duplicate = register_customer(client, desk, name="Thandie", email="t.nkosi@example.co.za")
    ticket = open_ticket(client, desk, duplicate)
    caught_up(tenant.services)
    phone = {"phone": "082 555 1234"}
    offered = client.get("/v1/customer-duplicates", params=phone, headers=desk).json()
    assert {c["id"] for c in offered} == {survivor, duplicate}

    version = record(client, desk, survivor)["version"]
    merged = merge(client, desk, survivor, duplicate, **{"If-Match": str(version)})
    assert merged.status_code == 200, merged.text
    caught_up(tenant.services)

    kept = record(client, desk, survivor)
    assert kept["merged"] == [duplicate] and kept["merged_into"] is None
    assert {d["serial_number"] for d in kept["devices"]} == {
        OTHER_DEVICE["serial_number"],
        DEVICE["serial_number"],
    }
    gone = record(client, desk, duplicate)
    assert gone["merged_into"] == survivor and gone["devices"] == []
    assert gone["name"] == "Thandie"  # kept as it was
    queue = client.get(
        "/v1/tickets", params={"customer_id": [survivor, *kept["merged"]]}, headers=desk
    )
    assert ticket["id"] in {t["id"] for t in queue.json()["items"]}
    holders = client.get(f"/v1/devices/{DEVICE['serial_number']}/holders", headers=desk)
    assert holders.json()["customer_ids"] == [survivor]
    offered = client.get("/v1/customer-duplicates", params=phone, headers=desk).json()
    assert [c["id"] for c in offered] == [survivor]
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    export = client.get(f"/v1/customers/{survivor}/export", headers=officer).json()
    assert [(d["id"], d["name"]) for d in export["merged"]] == [(duplicate, "Thandie")]
    assert ticket["id"] in {t["id"] for t in export["merged"][0]["tickets"]}
    auditor = tenant.headers(Role.AUDITOR)
    events = client.get(f"/v1/audit/aggregates/{duplicate}/events", headers=auditor).json()
    assert "Customer.MergedInto" in [e["type"] for e in events["items"]]


def test_a_merged_duplicate_is_read_only_and_is_not_erased_alone(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    survivor = register_customer(client, desk)
    duplicate = register_customer(client, desk, email="t.nkosi@example.co.za")
    assert merge(client, desk, survivor, duplicate).status_code == 200
    body = {
        "customer_id": duplicate,
        "device": DEVICE,
        "fault_description": "No output",
        "channel": "walk_in",
    }
    refused(client.post("/v1/tickets", json=body, headers=desk), 409, "customer_merged")
    correction = client.patch(f"/v1/customers/{duplicate}", json={"name": "T"}, headers=desk)
    refused(correction, 409, "customer_merged")
    refused(merge(client, desk, survivor, duplicate), 409, "customer_merged")
    refused(merge(client, desk, duplicate, survivor), 409, "customer_merged")
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    alone = client.post(f"/v1/customers/{duplicate}/erasure", json={}, headers=officer)
    refused(alone, 409, "customer_merged")


def test_a_refused_merge_names_why_and_merges_nothing(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    survivor = register_customer(client, desk)
    duplicate = register_customer(client, desk, email="t.nkosi@example.co.za")
    elsewhere = register_customer(client, other_tenant.headers(Role.AGENT))

    itself = merge(client, desk, survivor, survivor)
    refused(itself, 422, "validation_failed")
    assert [e["field"] for e in itself.json()["errors"]] == ["duplicate_id"]
    foreign = merge(client, desk, survivor, elsewhere)
    refused(foreign, 422, "validation_failed")
    assert [e["field"] for e in foreign.json()["errors"]] == ["duplicate_id"]
    assert merge(client, desk, elsewhere, duplicate).status_code == 404
    assert merge(client, tenant.headers(Role.TECHNICIAN), survivor, duplicate).status_code == 403
    stale = merge(client, desk, survivor, duplicate, **{"If-Match": "0"})
    assert stale.status_code == 409, stale.text
    caught_up(tenant.services)
    assert record(client, desk, survivor)["merged"] == []
    assert record(client, desk, duplicate)["merged_into"] is None


def test_of_two_merges_of_one_duplicate_at_once_one_succeeds(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    first = register_customer(client, desk)
    second = register_customer(client, desk, email="second@example.co.za")
    duplicate = register_customer(client, desk, email="t.nkosi@example.co.za")
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda s: merge(client, desk, s, duplicate), (first, second)))
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    winner = first if answers[0].status_code == 200 else second
    loser = second if winner == first else first
    caught_up(tenant.services)
    assert record(client, desk, duplicate)["merged_into"] == winner
    assert record(client, desk, winner)["merged"] == [duplicate]
    assert record(client, desk, loser)["merged"] == []


def test_the_survivors_erasure_erases_the_duplicate_and_its_tickets_too(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    survivor = register_customer(client, desk)
    duplicate = register_customer(client, desk, name="Thandie", email="t.nkosi@example.co.za")
    ticket = open_ticket(client, desk, duplicate)
    assert merge(client, desk, survivor, duplicate).status_code == 200
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    erased = client.post(f"/v1/customers/{survivor}/erasure", json={}, headers=officer)
    assert erased.status_code == 200, erased.text
    caught_up(tenant.services)
    for customer in (survivor, duplicate):
        shown = record(client, desk, customer)
        assert shown["erased"] and shown["name"] is None and shown["email"] is None
    detail = client.get(f"/v1/tickets/{ticket['id']}", headers=desk).json()
    assert detail["fault_description"] is None
    found = client.get("/v1/customers", params={"q": "Thandie"}, headers=desk).json()
    assert found["items"] == []
