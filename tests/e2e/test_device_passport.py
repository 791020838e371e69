"""The device passport over HTTP: a replacement under warranty carries the exact remaining days
through three generations of serials, unless its catalogue entry starts a new warranty."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from domain.catalogue import add_months
from domain.values import Role
from tests.e2e.api import open_ticket, register_customer
from tests.support import TenantKit

TODAY = datetime.now(UTC).date()
INSTALLED = TODAY - timedelta(days=100)


def replaced(
    client: TestClient, headers: dict[str, str], customer_id: str, old: str, new: str, model: str
) -> None:
    device = {"make": "Sunsynk", "model": model, "serial_number": old}
    ticket = open_ticket(client, headers, customer_id, device=device)
    repair = {"kind": "part_replaced", "description": "Unit swapped", "replacement_serial": new}
    answer = client.post(f"/v1/tickets/{ticket['id']}/repairs", json=repair, headers=headers)
    assert answer.status_code == 201, answer.text


def chain(client: TestClient, tenant: TenantKit, model: str, policy: str) -> dict[str, Any]:
    """Three generations, P-1 replaced by P-2 replaced by P-3, of the model installed 100 days
    ago with a 24-month warranty; the passports by serial."""
    admin = tenant.headers(Role.ADMIN)
    terms = {"warranty_months": 24, "replacement_warranty": policy}
    assert (
        client.put(f"/v1/catalogue/sunsynk/{model}", json=terms, headers=admin).status_code == 200
    )
    customer_id = register_customer(client, admin)
    serials = [f"{model}-P-{n}" for n in (1, 2, 3)]
    first = {"make": "Sunsynk", "model": model, "serial_number": serials[0]}
    body = {**first, "installed_on": INSTALLED.isoformat(), "installer": "Bright Solar"}
    registered = client.post(f"/v1/customers/{customer_id}/devices", json=body, headers=admin)
    assert registered.status_code == 201, registered.text
    replaced(client, admin, customer_id, serials[0], serials[1], model)
    replaced(client, admin, customer_id, serials[1], serials[2], model)
    passports = {}
    for serial in serials:
        answer = client.get(f"/v1/devices/{serial.lower()}/passport", headers=admin)
        assert answer.status_code == 200, answer.text
        passports[serial] = answer.json()
    return passports


def test_a_replacement_carries_the_exact_remaining_days_through_three_generations(
    client: TestClient, tenant: TenantKit
) -> None:
    passports = chain(client, tenant, "SUN-8K", "remaining")
    until = add_months(INSTALLED, 24)
    for serial, passport in passports.items():
        assert passport["warranty"] == {
            "status": "in_warranty",
            "until": until.isoformat(),
            "days_left": (until - TODAY).days,
        }, serial
        assert (passport["make"], passport["model"]) == ("Sunsynk", "SUN-8K")
        assert passport["installed_on"] == INSTALLED.isoformat()
        assert passport["installer"] == "Bright Solar"
    first, second, third = passports.values()
    assert [r["serial_number"] for r in first["replaced_by"]] == ["SUN-8K-P-2", "SUN-8K-P-3"]
    assert first["replaced"] == [] and third["replaced_by"] == []
    assert [r["serial_number"] for r in third["replaced"]] == ["SUN-8K-P-1", "SUN-8K-P-2"]
    assert [r["serial_number"] for r in second["replaced"]] == ["SUN-8K-P-1"]
    assert [r["serial_number"] for r in second["replaced_by"]] == ["SUN-8K-P-3"]
    assert all(r["on"] == TODAY.isoformat() for r in third["replaced"])


def test_a_replacement_starts_anew_where_the_catalogue_says_so(
    client: TestClient, tenant: TenantKit
) -> None:
    passports = chain(client, tenant, "SUN-12K", "new")
    fresh = add_months(TODAY, 24)
    first, *replacements = passports.values()
    assert first["warranty"]["until"] == add_months(INSTALLED, 24).isoformat()
    for passport in replacements:
        assert passport["warranty"]["until"] == fresh.isoformat()


def test_a_unit_on_no_record_has_an_unknown_warranty(client: TestClient, tenant: TenantKit) -> None:
    agent = tenant.headers(Role.AGENT)
    answer = client.get("/v1/devices/NOWHERE-1/passport", headers=agent)
    assert answer.status_code == 200, answer.text
    assert answer.json()["warranty"] == {"status": "unknown", "until": None, "days_left": None}
    assert answer.json()["replaced"] == answer.json()["replaced_by"] == []
    refused = client.get("/v1/devices/%00/passport", headers=agent)
    assert refused.status_code == 422


def test_a_unit_fitted_back_in_place_of_its_replacement_ends_the_chain(
    client: TestClient, tenant: TenantKit
) -> None:
    admin = tenant.headers(Role.ADMIN)
    customer_id = register_customer(client, admin)
    replaced(client, admin, customer_id, "LOOP-A", "LOOP-B", "SUN-5K")
    replaced(client, admin, customer_id, "LOOP-B", "LOOP-A", "SUN-5K")  # the old unit back
    answer = client.get("/v1/devices/LOOP-A/passport", headers=admin)
    assert answer.status_code == 200, answer.text
    assert [r["serial_number"] for r in answer.json()["replaced"]] == ["LOOP-B"]
    assert [r["serial_number"] for r in answer.json()["replaced_by"]] == ["LOOP-B"]
