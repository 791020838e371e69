"""A person's rights over HTTP: access (the export), correction, objection, consent, and the
record of who read their details."""

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import open_ticket, register_customer
from tests.support import TenantKit, caught_up


def test_reading_a_customer_is_recorded_without_changing_the_customer(
    client: TestClient, tenant: TenantKit
) -> None:
    customer_id = register_customer(client, tenant.headers(Role.AGENT))
    url = f"/v1/customers/{customer_id}"
    caught_up(tenant.services)
    reads = [
        client.get(url, headers=tenant.headers(role)) for role in (Role.AGENT, Role.TECHNICIAN)
    ]
    assert [r.status_code for r in reads] == [200, 200]
    assert reads[0].headers["ETag"] == reads[1].headers["ETag"] == '"1"'
    assert reads[1].json()["version"] == 1
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    export = client.get(f"{url}/export", headers=officer).json()
    assert [(a["staff_id"], a["purpose"]) for a in export["accesses"]] == [
        (str(tenant.member(Role.AGENT)), "details"),
        (str(tenant.member(Role.TECHNICIAN)), "details"),
    ]
    again = client.get(f"{url}/export", headers=officer).json()
    assert again["accesses"][-1] == {
        **again["accesses"][-1],
        "staff_id": str(tenant.member(Role.COMPLIANCE_OFFICER)),
        "purpose": "export",
    }
    assert client.get(url, headers=officer).headers["ETag"] == '"1"'


def test_the_export_holds_everything_about_the_person_with_its_evidence(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.ADMIN)
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    customer_id = register_customer(client, desk)
    url = f"/v1/customers/{customer_id}"
    ticket = open_ticket(client, desk, customer_id)["id"]
    client.post(f"/v1/tickets/{ticket}/notes", json={"body": "Prefers mornings"}, headers=desk)
    client.post(
        f"/v1/tickets/{ticket}/repairs",
        json={"kind": "diagnosis", "description": "Relay welded"},
        headers=desk,
    )
    steps = [
        client.put(
            f"{url}/consents/sms", json={"granted": False, "source": "replied STOP"}, headers=desk
        ),
        client.patch(url, json={"surname": "Dlamini"}, headers=officer),
        client.post(f"{url}/objection", json={"reason": "no marketing"}, headers=officer),
    ]
    assert [s.status_code for s in steps] == [200, 200, 200], [s.text for s in steps]
    caught_up(tenant.services)

    export = client.get(f"{url}/export", headers=officer)
    assert export.status_code == 200, export.text
    body = export.json()
    assert (body["name"], body["surname"], body["phone"]) == ("Thandi", "Dlamini", "+27825551234")
    assert (body["restricted"], body["erased"], body["legal_hold"]) == (True, False, False)
    admin = str(tenant.admin_id)
    assert [
        (c["channel"], c["granted"], c["source"], c["recorded_by"]) for c in body["consents"]
    ] == [
        ("whatsapp", True, "registration", admin),
        ("sms", True, "registration", admin),
        ("email", False, "registration", admin),
        ("sms", False, "replied STOP", admin),
    ]
    assert [d["serial_number"] for d in body["devices"]] == ["SS8K-2207-0042"]
    [exported] = body["tickets"]
    assert exported["id"] == ticket and exported["fault_description"].startswith("Inverter")
    assert [n["body"] for n in exported["notes"]] == ["Prefers mornings"]
    assert [r["description"] for r in exported["repairs"]] == ["Relay welded"]
    assert exported["messages"] == []
    assert [(r["type"], r["actor"]) for r in body["records"]][-3:] == [
        ("Customer.ConsentRecorded", admin),
        ("Customer.DetailsCorrected", str(tenant.member(Role.COMPLIANCE_OFFICER))),
        ("Customer.ObjectionRecorded", str(tenant.member(Role.COMPLIANCE_OFFICER))),
    ]
    assert client.get(url, headers=officer).json()["restricted"] is True


def test_only_admins_and_compliance_officers_export_and_other_tenants_find_nothing(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    customer_id = register_customer(client, tenant.headers(Role.AGENT))
    url = f"/v1/customers/{customer_id}/export"
    for role, status in [
        (Role.ADMIN, 200),
        (Role.COMPLIANCE_OFFICER, 200),
        (Role.AGENT, 403),
        (Role.TECHNICIAN, 403),
        (Role.AUDITOR, 403),
    ]:
        assert client.get(url, headers=tenant.headers(role)).status_code == status, role
    theirs = other_tenant.headers(Role.COMPLIANCE_OFFICER)
    for method, path, body in [
        ("GET", url, None),
        ("POST", f"/v1/customers/{customer_id}/erasure", {"reason": "x"}),
        ("PUT", f"/v1/customers/{customer_id}/legal-hold", {"held": True, "reason": "x"}),
    ]:
        answer = client.request(method, path, json=body, headers=theirs)
        assert answer.status_code == 404, (path, answer.text)
