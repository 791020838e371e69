"""A deactivated technician's open tickets: listed, and moved to another technician."""

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import open_ticket, register_customer, seen
from tests.support import TenantKit, caught_up


def _assigned(client: TestClient, tenant: TenantKit, staff_id: str, count: int) -> list[str]:
    admin = tenant.headers()
    customer = register_customer(client, admin)
    tickets = []
    for _ in range(count):
        ticket = open_ticket(client, admin, customer)["id"]
        answer = client.post(
            f"/v1/tickets/{ticket}/assignment", json={"assignee_id": staff_id}, headers=admin
        )
        assert answer.status_code == 200, answer.text
        tickets.append(ticket)
    return tickets


def test_a_deactivated_technicians_open_tickets_are_listed_and_reassigned(
    client: TestClient, tenant: TenantKit
) -> None:
    admin = tenant.headers()
    leaving = str(tenant.member(Role.TECHNICIAN))
    staying = str(tenant.member(Role.TECHNICIAN, Role.AGENT))
    first, second, closed = _assigned(client, tenant, leaving, 3)
    closure = {"resolution": "no_fault_found", "summary": "Ran a full day without a fault"}
    done = client.post(f"/v1/tickets/{closed}/closure", json=closure, headers=admin)
    assert done.status_code == 200, done.text
    gone = client.post(f"/v1/staff/{leaving}/deactivation", json={"reason": "moved"}, headers=admin)
    assert gone.status_code == 200

    listed = client.get(f"/v1/staff/{leaving}/open-tickets", headers={**admin, **seen(done)})
    assert listed.status_code == 200, listed.text
    assert [t["id"] for t in listed.json()] == [first, second]

    moved = client.post(
        f"/v1/staff/{leaving}/open-tickets/reassignment",
        json={"assignee_id": staying, "ticket_ids": [first, second]},
        headers=admin,
    )
    assert moved.status_code == 200, moved.text
    assert {t["id"] for t in moved.json()["tickets"]} == {first, second}
    queue = client.get(
        "/v1/tickets", params={"assignee_id": staying}, headers={**admin, **seen(moved)}
    )
    assert sorted(t["id"] for t in queue.json()["items"]) == sorted([first, second])
    left = client.get(f"/v1/staff/{leaving}/open-tickets", headers={**admin, **seen(moved)})
    assert left.json() == []
    caught_up(tenant.services)
    timeline = client.get(f"/v1/tickets/{first}", headers=admin).json()["timeline"]
    assert [e for e in timeline if e.get("assignee_id") == staying]


def test_reassignment_refuses_a_ticket_not_theirs_or_an_inactive_assignee_and_moves_none(
    client: TestClient, tenant: TenantKit
) -> None:
    admin = tenant.headers()
    technician = str(tenant.member(Role.TECHNICIAN))
    other = str(tenant.member(Role.TECHNICIAN, Role.AGENT))
    (mine,) = _assigned(client, tenant, technician, 1)
    (theirs,) = _assigned(client, tenant, other, 1)
    url = f"/v1/staff/{technician}/open-tickets/reassignment"
    wrong = client.post(
        url, json={"assignee_id": other, "ticket_ids": [mine, theirs]}, headers=admin
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "ticket_ids"
    to_self = client.post(
        url, json={"assignee_id": technician, "ticket_ids": [mine]}, headers=admin
    )
    assert to_self.status_code == 422 and to_self.json()["errors"][0]["field"] == "assignee_id"
    by_agent = client.post(
        url, json={"assignee_id": other, "ticket_ids": [mine]}, headers=tenant.headers(Role.AGENT)
    )
    assert by_agent.status_code == 403
    caught_up(tenant.services)
    ticket = client.get(f"/v1/tickets/{mine}", headers=admin)
    assert ticket.json()["assignee_id"] == technician
