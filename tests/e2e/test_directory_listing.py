"""A page of the customer directory is on the record as one access naming the customers it
showed, as a page of the ticket queue is; a page showing no one records nothing."""

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import register_customer
from tests.support import TenantKit, caught_up


def test_a_directory_page_is_recorded_once_naming_its_customers(
    client: TestClient, tenant: TenantKit
) -> None:
    agent = tenant.headers(Role.AGENT)
    first = register_customer(client, agent)
    second = register_customer(client, agent, name="Bob", surname="Smith", phone="0825550000")
    caught_up(tenant.services)
    found = client.get("/v1/customers", params={"q": "bob"}, headers=agent)
    assert [c["id"] for c in found.json()["items"]] == [second]
    everyone = client.get("/v1/customers", headers=agent)
    assert [c["id"] for c in everyone.json()["items"]] == [first, second]
    nobody = client.get("/v1/customers", params={"q": "nobody"}, headers=agent)
    assert nobody.json()["items"] == []
    caught_up(tenant.services)
    auditor = tenant.headers(Role.AUDITOR)
    search = {"sensitive": "true", "type": "ListingAccess.Recorded"}
    listed = client.get("/v1/audit/events", params=search, headers=auditor).json()["items"]
    records = [
        client.get(f"/v1/audit/aggregates/{e['aggregate_id']}/events", headers=auditor).json()[
            "items"
        ][0]["data"]
        for e in listed
    ]
    shown = sorted((r["listing"], tuple(r["customer_ids"])) for r in records)
    assert shown == sorted(
        [("customer_directory", (first, second)), ("customer_directory", (second,))]
    )
    assert {e["actor"] for e in listed} == {str(tenant.member(Role.AGENT))}
