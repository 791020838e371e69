"""The auditor's endpoints: history, replay at a version or a time, search, verification."""

import time
from datetime import UTC, datetime

import psycopg
from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import open_ticket, register_customer
from tests.support import PASSWORD, TenantKit, caught_up


def test_history_says_who_when_and_in_which_request(client: TestClient, tenant: TenantKit) -> None:
    agent = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, agent, register_customer(client, agent))
    note = client.post(
        f"/v1/tickets/{ticket['id']}/notes",
        json={"body": "Called the customer"},
        headers={**agent, "X-Request-ID": "req-note-1"},
    )
    assert note.status_code == 201
    history = client.get(
        f"/v1/audit/aggregates/{ticket['id']}/events", headers=tenant.headers(Role.AUDITOR)
    )
    assert history.status_code == 200
    events = history.json()["items"]
    assert [e["type"] for e in events] == ["Ticket.Opened", "Ticket.NoteAdded"]
    assert events[1]["request_id"] == "req-note-1"
    assert events[1]["actor"] == str(tenant.member(Role.AGENT))
    assert events[1]["tenant_id"] == str(tenant.id)
    assert events[1]["data"] == {"body": "Called the customer"}
    assert events[0]["data"]["fault_description"].startswith("Inverter")


def test_history_never_shows_password_material(client: TestClient, tenant: TenantKit) -> None:
    history = client.get(
        f"/v1/audit/aggregates/{tenant.admin_id}/events", headers=tenant.headers(Role.AUDITOR)
    ).json()["items"]
    assert history[0]["data"]["password_hash"] == "[redacted]"
    assert "argon2" not in str(history)


def test_replay_shows_the_ticket_as_it_was_at_each_version_and_time(
    client: TestClient, tenant: TenantKit
) -> None:
    agent = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, agent, register_customer(client, agent))
    url = f"/v1/tickets/{ticket['id']}"
    captured = []
    latest = {"Aftersales-Min-Position": str(ticket["position"])}
    for step in [
        ("status", {"status": "diagnosing"}),
        ("notes", {"body": "Fan seized"}),
        ("status", {"status": "in_repair"}),
    ]:
        time.sleep(0.01)
        before = datetime.now(UTC)
        time.sleep(0.01)
        seen = client.get(url, headers={**agent, **latest}).json()
        captured.append((before, seen))
        written = client.post(f"{url}/{step[0]}", json=step[1], headers=agent)
        assert written.status_code < 300
        latest = {"Aftersales-Min-Position": written.headers["Aftersales-Position"]}
    auditor = tenant.headers(Role.AUDITOR)
    for at, seen in captured:
        by_version = client.get(
            f"/v1/audit/aggregates/{ticket['id']}/state",
            params={"version": seen["version"]},
            headers=auditor,
        ).json()
        by_time = client.get(
            f"/v1/audit/aggregates/{ticket['id']}/state",
            params={"at": at.isoformat()},
            headers=auditor,
        ).json()
        for state in (by_version, by_time):
            assert state["version"] == seen["version"]
            assert state["state"]["status"] == seen["status"]
            assert [n["body"] for n in state["state"]["notes"]] == [
                n["body"] for n in seen["notes"]
            ]


def test_replay_refuses_unknown_versions_and_zoneless_times(
    client: TestClient, tenant: TenantKit
) -> None:
    agent = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, agent, register_customer(client, agent))
    url = f"/v1/audit/aggregates/{ticket['id']}/state"
    auditor = tenant.headers(Role.AUDITOR)
    assert client.get(url, params={"version": 9}, headers=auditor).status_code == 404
    assert client.get(url, params={"version": 0}, headers=auditor).status_code == 422
    zoneless = client.get(url, params={"at": "2026-01-01T10:00:00"}, headers=auditor)
    assert zoneless.status_code == 422 and zoneless.json()["errors"][0]["field"] == "at"
    early = client.get(url, params={"at": "2000-01-01T00:00:00Z"}, headers=auditor)
    assert early.status_code == 404


def test_audit_endpoints_are_for_auditors_and_admins_of_the_tenant(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    agent = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, agent, register_customer(client, agent))
    urls = [
        f"/v1/audit/aggregates/{ticket['id']}/events",
        f"/v1/audit/aggregates/{ticket['id']}/state",
    ]
    for url in [*urls, "/v1/audit/events", "/v1/audit/verification", "/v1/audit/logins"]:
        assert client.get(url, headers=agent).status_code == 403
        assert client.get(url, headers=tenant.headers(Role.ADMIN)).status_code == 200
    for url in urls:
        assert client.get(url, headers=other_tenant.headers(Role.AUDITOR)).status_code == 404


def test_search_finds_the_sensitive_events_of_the_tenant_only(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    assert (
        client.post(
            "/v1/auth/token", data={"username": tenant.admin_username, "password": PASSWORD}
        ).status_code
        == 200
    )
    technician = tenant.member(Role.TECHNICIAN)
    changed = client.put(
        f"/v1/staff/{technician}/roles",
        json={"roles": ["technician", "agent"]},
        headers=tenant.headers(),
    )
    assert changed.status_code == 200
    other_tenant.member(Role.AGENT)
    caught_up(tenant.services)
    auditor = tenant.headers(Role.AUDITOR)
    sensitive = client.get("/v1/audit/events", params={"sensitive": "true"}, headers=auditor)
    kinds = [e["type"] for e in sensitive.json()["items"]]
    assert "StaffUser.LoggedIn" in kinds and "StaffUser.RolesChanged" in kinds
    assert all(e["sensitive"] for e in sensitive.json()["items"])
    everything = client.get("/v1/audit/events", params={"limit": 200}, headers=auditor).json()
    theirs = other_tenant.member(Role.AGENT)
    assert str(theirs) not in str(everything)
    by_actor = client.get(
        "/v1/audit/events",
        params={"actor": str(tenant.admin_id), "type": "StaffUser"},
        headers=auditor,
    ).json()["items"]
    assert by_actor and {e["type"].split(".")[0] for e in by_actor} == {"StaffUser"}
    assert all(e["actor"] == str(tenant.admin_id) for e in by_actor)
    positions = [e["position"] for e in everything["items"]]
    assert positions == sorted(positions, reverse=True)
    window = client.get(
        "/v1/audit/events",
        params={"from": "2000-01-01T00:00:00Z", "to": "2000-01-02T00:00:00Z"},
        headers=auditor,
    ).json()
    assert window["items"] == []


def test_verification_reports_the_history_intact(client: TestClient, tenant: TenantKit) -> None:
    caught_up(tenant.services)
    result = client.get("/v1/audit/verification", headers=tenant.headers(Role.AUDITOR)).json()
    assert result["ok"] is True and result["broken"] is None
    assert result["checked"] > 0 and len(result["head"]["hash"]) == 64
    last = result["last_checkpoint"]
    with psycopg.connect(tenant.services.database_url) as conn:
        stored = conn.execute(
            "SELECT notification_id, hash FROM audit_checkpoints WHERE notification_id <= %s "
            "ORDER BY notification_id DESC LIMIT 1",
            (result["head"]["position"],),
        ).fetchone()
    assert stored is not None, "the service signs checkpoints as the chain grows"
    assert (last["position"], last["hash"]) == (stored[0], bytes(stored[1]).hex())
    assert datetime.fromisoformat(last["signed_at"]).tzinfo is not None


def test_an_erasure_leaves_the_chain_intact_and_the_history_without_the_person(
    client: TestClient, tenant: TenantKit
) -> None:
    agent = tenant.headers(Role.AGENT)
    customer = register_customer(client, agent, name="Nomvula")
    caught_up(tenant.services)
    assert client.get(f"/v1/customers/{customer}", headers=agent).status_code == 200
    erased = client.post(
        f"/v1/customers/{customer}/erasure",
        json={"reason": "asked to be forgotten"},
        headers=tenant.headers(Role.COMPLIANCE_OFFICER),
    )
    assert erased.status_code == 200, erased.text
    caught_up(tenant.services)
    auditor = tenant.headers(Role.AUDITOR)
    history = client.get(f"/v1/audit/aggregates/{customer}/events", headers=auditor).json()
    registered, last = history["items"][0], history["items"][-1]
    assert registered["data"]["name"] is None and registered["data"]["phone"] is None
    assert last["type"] == "Customer.Erased"
    assert last["data"] == {"ground": "other", "reason": None}, "the reason died with the key"
    assert "asked to be forgotten" not in str(history)
    assert "Nomvula" not in str(history)
    sensitive = client.get("/v1/audit/events", params={"sensitive": "true"}, headers=auditor)
    kinds = {e["type"] for e in sensitive.json()["items"]}
    assert {"Customer.Erased", "CustomerAccessLog.DetailsAccessed"} <= kinds
    verification = client.get("/v1/audit/verification", headers=auditor).json()
    assert verification["ok"] is True and verification["broken"] is None
