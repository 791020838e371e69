"""Tickets after intake, over HTTP: corrections, unassignment, and intake by a known serial."""

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import DEVICE, open_ticket, register_customer, seen
from tests.support import TenantKit, caught_up


def _queued(client: TestClient, tenant: TenantKit, ticket_id: str, **filters: str) -> Any:
    caught_up(tenant.services)
    page = client.get("/v1/tickets", params=filters, headers=tenant.headers(Role.AGENT))
    assert page.status_code == 200, page.text
    return next((t for t in page.json()["items"] if t["id"] == ticket_id), None)


def test_a_correction_is_on_the_timeline_and_the_queue_device_history_and_due_time_follow(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    customer = register_customer(client, desk)
    ticket = open_ticket(client, desk, customer, priority="low")
    url = f"/v1/tickets/{ticket['id']}"
    serial = f"{tenant.slug}-FIXED".upper()
    correction = {
        "priority": "urgent",
        "fault_description": "Trips the breaker at start-up",
        "device": {"serial_number": serial.lower(), "model": "8kW hybrid"},
    }
    answer = client.post(
        f"{url}/corrections",
        json=correction,
        headers={**desk, "If-Match": f'"{ticket["version"]}"'},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["version"] == ticket["version"] + 1

    detail = client.get(url, headers={**desk, **seen(answer)}).json()
    assert detail["priority"] == "urgent"
    assert detail["fault_description"] == "Trips the breaker at start-up"
    assert detail["device"] == {**DEVICE, "serial_number": serial}
    entry = detail["timeline"][-1]
    assert entry["kind"] == "details_corrected"
    assert entry["by"] == str(tenant.member(Role.AGENT))
    assert entry["corrected"] == ["priority", "fault_description", "serial_number"]
    assert (entry["priority"], entry["serial_number"], entry["make"]) == ("urgent", serial, None)
    assert entry["text"] == "Trips the breaker at start-up"

    queued = _queued(client, tenant, ticket["id"], q="breaker")
    assert queued is not None and queued["priority"] == "urgent"
    assert queued["device"]["serial_number"] == serial
    assert _queued(client, tenant, ticket["id"], q="F13") is None

    history = client.get(f"/v1/devices/{serial}/history", headers=desk).json()["items"]
    assert [(e["kind"], e["text"]) for e in history] == [
        ("ticket_opened", "Trips the breaker at start-up")
    ]
    old = client.get(f"/v1/devices/{DEVICE['serial_number']}/history", headers=desk).json()
    assert ticket["id"] not in {e["ticket_id"] for e in old["items"]}

    later = {"to": "8000-01-01T00:00:00Z"}
    summary = client.get("/v1/reports/summary", params=later, headers=desk).json()
    (due,) = [t for t in summary["past_due"]["tickets"] if t["id"] == ticket["id"]]
    opened_at, due_at = (datetime.fromisoformat(due[t]) for t in ("opened_at", "due_at"))
    assert due["priority"] == "urgent" and due_at - opened_at == timedelta(hours=24)

    record = client.get(f"/v1/customers/{customer}", headers=desk).json()
    assert serial in {d["serial_number"] for d in record["devices"]}


def test_a_correction_on_a_stale_version_is_409_and_changes_nothing(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, desk, register_customer(client, desk))
    url = f"/v1/tickets/{ticket['id']}"
    note = client.post(f"{url}/notes", json={"body": "first"}, headers=desk)
    stale = {**desk, "If-Match": f'"{ticket["version"]}"'}
    refused = client.post(f"{url}/corrections", json={"priority": "urgent"}, headers=stale)
    assert refused.status_code == 409
    assert refused.json()["code"] == "version_conflict"
    unassigned = client.delete(f"{url}/assignment", headers=stale)
    assert unassigned.status_code == 409
    assert unassigned.json()["code"] == "version_conflict"
    detail = client.get(url, headers={**desk, **seen(note)}).json()
    assert detail["priority"] == "high" and detail["version"] == ticket["version"] + 1


def test_a_bad_correction_is_422_naming_its_field_and_stores_nothing(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, desk, register_customer(client, desk))
    url = f"/v1/tickets/{ticket['id']}/corrections"
    for body, field in [
        ({"priority": "whenever"}, "priority"),
        ({"priority": None}, "priority"),
        ({"device": {"serial_number": "has spaces"}}, "device.serial_number"),
        ({"device": {"make": None}}, "device.make"),
        ({"fault_description": ""}, "fault_description"),
        ({"channel": "sms"}, "channel"),
        ({}, "body"),
    ]:
        answer = client.post(url, json=body, headers=desk)
        assert answer.status_code == 422, (body, answer.text)
        assert [e["field"] for e in answer.json()["errors"]] == [field], body
    assert tenant.services.app.current_version(ticket["id"]) == ticket["version"]


def test_a_technician_may_neither_correct_nor_unassign(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, desk, register_customer(client, desk))
    url = f"/v1/tickets/{ticket['id']}"
    technician = tenant.headers(Role.TECHNICIAN)
    for answer in (
        client.post(f"{url}/corrections", json={"priority": "low"}, headers=technician),
        client.delete(f"{url}/assignment", headers=technician),
    ):
        assert answer.status_code == 403 and answer.json()["code"] == "forbidden"


def test_an_unassigned_ticket_shows_no_assignee_in_the_queue_and_says_so_on_its_timeline(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, desk, register_customer(client, desk))
    url = f"/v1/tickets/{ticket['id']}"
    technician = str(tenant.member(Role.TECHNICIAN))
    client.post(f"{url}/assignment", json={"assignee_id": technician}, headers=desk)
    assert _queued(client, tenant, ticket["id"], assignee_id=technician) is not None

    answer = client.delete(f"{url}/assignment", headers={**desk, "If-Match": '"2"'})
    assert answer.status_code == 200, answer.text
    assert _queued(client, tenant, ticket["id"], assignee_id=technician) is None
    assert _queued(client, tenant, ticket["id"])["assignee_id"] is None
    timeline = client.get(url, headers=desk).json()["timeline"]
    assert [(e["kind"], e["assignee_id"]) for e in timeline[-2:]] == [
        ("assigned", technician),
        ("unassigned", technician),
    ]
    again = client.delete(f"{url}/assignment", headers=desk)
    assert again.status_code == 200 and again.json()["version"] == answer.json()["version"]


def test_a_ticket_takes_a_device_on_the_customer_s_record_by_its_serial_alone(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    customer = register_customer(client, desk)
    first = open_ticket(client, desk, customer)
    again = open_ticket(
        client, desk, customer, device={"serial_number": DEVICE["serial_number"].lower()}
    )
    detail = client.get(f"/v1/tickets/{again['id']}", headers=desk).json()
    assert detail["device"] == DEVICE and first["id"] != again["id"]

    other = register_customer(client, desk, phone="082 555 9876", email="other@example.co.za")
    body = {
        "customer_id": other,
        "device": {"serial_number": DEVICE["serial_number"], "model": "8K"},
        "fault_description": "dead",
        "channel": "web",
    }
    refused = client.post("/v1/tickets", json=body, headers=desk)
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["device.make"]
    record = client.get(f"/v1/customers/{other}", headers=desk).json()
    assert record["devices"] == []
