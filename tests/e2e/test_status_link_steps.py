"""What a status page shows as the ticket moves (in process): the public steps, one for each
change of step with its time, the device as corrected, and another tenant's ticket's link not
to be had; the shop's details as set, refused when a day makes no sense."""

from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import open_ticket, register_customer
from tests.support import TenantKit, caught_up


def steps_of(client: TestClient, tenant: TenantKit, path: str) -> str:
    caught_up(tenant.services)
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    return str(answer.text)


def test_the_steps_follow_the_ticket_and_the_device_follows_its_correction(
    client: TestClient, tenant: TenantKit
) -> None:
    agent = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, agent, register_customer(client, agent))
    at = f"/v1/tickets/{ticket['id']}"
    caught_up(tenant.services)
    link = client.get(f"{at}/status-link", headers=agent).json()
    assert link["generation"] == 0 and link["expires_at"] is None
    path = urlsplit(link["url"]).path
    for status in ("diagnosing", "in_repair", "awaiting_parts"):
        moved = client.post(f"{at}/status", json={"status": status}, headers=agent)
        assert moved.status_code == 200, moved.text
    page = steps_of(client, tenant, path)
    # in_repair is the diagnosing step's: it adds none; awaiting_parts adds one
    assert page.count("<strong>") == 3
    assert page.index("Received") < page.index("Diagnosing") < page.index("Waiting for parts")
    assert "We are waiting for parts." in page

    body = {"device": {"make": "Victron", "model": "MultiPlus II"}}
    assert client.post(f"{at}/corrections", json=body, headers=agent).status_code == 200
    closure = {"resolution": "repaired", "summary": "done"}
    assert client.post(f"{at}/closure", json=closure, headers=agent).status_code == 200
    page = steps_of(client, tenant, path)
    assert "Victron MultiPlus II" in page and "This repair is finished." in page
    caught_up(tenant.services)
    expiry = client.get(f"{at}/status-link", headers=agent).json()["expires_at"]
    assert expiry is not None  # 30 days after the closure, by default


def test_another_tenants_ticket_has_no_link_to_give_or_revoke(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    agent = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, agent, register_customer(client, agent))
    caught_up(tenant.services)
    stranger = other_tenant.headers(Role.ADMIN)
    at = f"/v1/tickets/{ticket['id']}/status-link"
    assert client.get(at, headers=stranger).status_code == 404
    assert client.post(f"{at}/revocation", headers=stranger).status_code == 404


def test_shop_details_are_set_whole_and_a_day_closing_before_it_opens_is_422(
    client: TestClient, tenant: TenantKit
) -> None:
    admin = tenant.headers(Role.ADMIN)
    bad = {"hours": {"wed": {"opens": "18:00", "closes": "09:00"}}}
    refused = client.put("/v1/tenant/shop", json=bad, headers=admin)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["hours.wed.closes"]
    for wrong in ({"hours": {"wed": {"opens": "9am", "closes": "17:00"}}}, {"phone": "call us"}):
        assert client.put("/v1/tenant/shop", json=wrong, headers=admin).status_code == 422
    agent = tenant.headers(Role.AGENT)
    assert client.put("/v1/tenant/shop", json={}, headers=agent).status_code == 403
    good = {"email": "Desk@Shop.example", "hours": {"wed": {"opens": "09:00", "closes": "18:00"}}}
    assert client.put("/v1/tenant/shop", json=good, headers=admin).status_code == 200
    shop = client.get("/v1/tenant/shop", headers=agent).json()
    assert shop["hours"]["wed"] == {"opens": "09:00", "closes": "18:00"}
    assert shop["hours"]["mon"] is None and shop["phone"] is None
    cleared = client.put("/v1/tenant/shop", json={}, headers=admin)
    assert cleared.status_code == 200
    assert client.get("/v1/tenant/shop", headers=agent).json()["hours"]["wed"] is None
