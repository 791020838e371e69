"""A device's installation date and installer over HTTP: kept with its registration; a bad one
refused naming its field, nothing stored."""

from datetime import date
from uuid import UUID

from fastapi.testclient import TestClient

from domain.customer import Customer
from domain.values import Role
from tests.e2e.api import register_customer
from tests.support import TenantKit, event_count

DEVICE = {"make": "Sunsynk", "model": "SUN-5K-SG", "purchased_on": "2025-01-20"}


def test_the_installation_is_kept_with_the_device(client: TestClient, tenant: TenantKit) -> None:
    agent = tenant.headers(Role.AGENT)
    customer_id = register_customer(client, agent)
    body = {**DEVICE, "serial_number": "inst-1", "installed_on": "2025-02-03"}
    answer = client.post(
        f"/v1/customers/{customer_id}/devices",
        json={**body, "installer": " Bright Solar (Pty) Ltd "},
        headers=agent,
    )
    assert answer.status_code == 201, answer.text
    customer = tenant.services.app.find(Customer, UUID(customer_id))
    assert customer is not None
    (device,) = customer.devices
    assert (device.serial_number, device.installed_on, device.installer) == (
        "INST-1",
        date(2025, 2, 3),
        "Bright Solar (Pty) Ltd",
    )


def test_a_bad_installation_is_refused_naming_the_field(
    client: TestClient, tenant: TenantKit
) -> None:
    agent = tenant.headers(Role.AGENT)
    customer_id = register_customer(client, agent)
    before = event_count(tenant.services)
    cases: list[tuple[dict[str, object], str]] = [
        ({"installed_on": "2025-02-30"}, "installed_on"),
        ({"installed_on": "3 February 2025"}, "installed_on"),
        ({"installed_on": 20250203}, "installed_on"),
        ({"installer": "Bright\x00Solar"}, "installer"),
        ({"installer": ""}, "installer"),
        ({"installer": "x" * 201}, "installer"),
    ]
    for given, field in cases:
        body = {**DEVICE, "serial_number": "inst-2", **given}
        refused = client.post(f"/v1/customers/{customer_id}/devices", json=body, headers=agent)
        assert refused.status_code == 422, (given, refused.text)
        assert refused.json()["errors"][0]["field"] == field
    assert event_count(tenant.services) == before
