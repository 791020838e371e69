"""A device moved to a new owner: both records change at once, its history stays by serial, the
new owner's next ticket takes it by serial alone; every refusal names what is wrong and moves
nothing."""

import httpx
from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import DEVICE, open_ticket, register_customer
from tests.support import TenantKit, caught_up

SERIAL = DEVICE["serial_number"]


def transfer(
    client: TestClient, headers: dict[str, str], former: str, to: str, **more: str
) -> httpx.Response:
    url = f"/v1/customers/{former}/devices/{more.pop('serial', SERIAL)}/transfer"
    answer: httpx.Response = client.post(url, json={"to_customer_id": to}, headers=headers | more)
    return answer


def holders(client: TestClient, headers: dict[str, str]) -> list[str]:
    answer = client.get(f"/v1/devices/{SERIAL.lower()}/holders", headers=headers)
    assert answer.status_code == 200, answer.text
    found: list[str] = answer.json()["customer_ids"]
    return found


def serials(client: TestClient, headers: dict[str, str], customer: str) -> list[str]:
    record = client.get(f"/v1/customers/{customer}", headers=headers)
    assert record.status_code == 200, record.text
    return [d["serial_number"] for d in record.json()["devices"]]


def test_a_device_moves_to_its_new_owner_with_its_history(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    former = register_customer(client, desk)
    repaired = open_ticket(client, desk, former)
    owner = register_customer(client, desk, phone="082 555 9876", email="new@example.co.za")
    assert holders(client, desk) == [former]
    moved = transfer(client, desk, former, owner, serial=SERIAL.lower())
    assert moved.status_code == 200, moved.text
    assert moved.json()["id"] == former
    caught_up(tenant.services)
    assert serials(client, desk, former) == []
    assert serials(client, desk, owner) == [SERIAL]
    assert holders(client, desk) == [owner]
    again = open_ticket(client, desk, owner, device={"serial_number": SERIAL})
    caught_up(tenant.services)
    history = client.get(f"/v1/devices/{SERIAL}/history", headers=desk).json()["items"]
    assert {e["ticket_id"] for e in history} == {repaired["id"], again["id"]}
    former_tickets = client.get("/v1/tickets", params={"customer_id": former}, headers=desk)
    assert [t["id"] for t in former_tickets.json()["items"]] == [repaired["id"]]
    auditor = tenant.headers(Role.AUDITOR)
    kinds = [
        e["type"]
        for who in (former, owner)
        for e in client.get(f"/v1/audit/aggregates/{who}/events", headers=auditor).json()["items"]
    ]
    assert "Customer.DeviceTransferred" in kinds and "Customer.DeviceReceived" in kinds


def test_a_transfer_refused_names_why_and_moves_nothing(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    former = register_customer(client, desk)
    open_ticket(client, desk, former)
    owner = register_customer(client, desk, phone="082 555 9876", email="new@example.co.za")
    elsewhere = register_customer(client, other_tenant.headers(Role.AGENT))

    def refused(answer: httpx.Response, status: int, code: str, field: str | None = None) -> None:
        assert answer.status_code == status, answer.text
        assert answer.json()["code"] == code
        if field is not None:
            assert [e["field"] for e in answer.json()["errors"]] == [field]

    refused(transfer(client, desk, former, former), 422, "validation_failed", "to_customer_id")
    refused(transfer(client, desk, former, elsewhere), 404, "not_found")
    refused(
        transfer(client, desk, former, owner, serial="NOPE-1"),
        422,
        "validation_failed",
        "serial_number",
    )
    refused(transfer(client, desk, former, owner, **{"If-Match": '"1"'}), 409, "version_conflict")
    technician = tenant.headers(Role.TECHNICIAN)
    refused(transfer(client, technician, former, owner), 403, "forbidden")
    open_ticket(client, desk, owner)  # the owner has a unit of that serial already
    refused(transfer(client, desk, former, owner), 409, "device_already_registered")
    caught_up(tenant.services)
    assert serials(client, desk, former) == [SERIAL]
    assert serials(client, desk, owner) == [SERIAL]
    assert holders(client, desk) == [former, owner]  # both: the desk sees the clash
    assert holders(client, other_tenant.headers(Role.AGENT)) == []
