"""A privacy request from the public form to its resolution, over HTTP."""

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import psycopg
from fastapi.testclient import TestClient

from domain.context import RequestContext
from domain.privacy_request import PrivacyRequest, RequestKind
from domain.values import Role
from tests.e2e.api import register_customer
from tests.parallel import all_at_once
from tests.privacy import from_source
from tests.support import TenantKit, caught_up, event_count

FORM = {
    "kind": "access",
    "name": "Zanele Mthembu",
    "email": "zanele@example.com",
    "details": "Please send me everything you hold about me.",
}


def listed(client: TestClient, tenant: TenantKit, request_id: str) -> dict[str, Any]:
    caught_up(tenant.services)
    page = client.get(
        "/v1/privacy-requests",
        params={"limit": 200},
        headers=tenant.headers(Role.COMPLIANCE_OFFICER),
    )
    assert page.status_code == 200, page.text
    found: dict[str, Any] = next(r for r in page.json()["items"] if r["id"] == request_id)
    return found


def test_a_request_goes_from_the_public_form_to_resolution(
    client: TestClient, tenant: TenantKit
) -> None:
    public = from_source(tenant.services)
    received = public.post(f"/v1/public/{tenant.slug}/privacy-requests", json=FORM)
    assert received.status_code == 202, received.text
    receipt = received.json()
    assert set(receipt) == {"reference", "due_by"} and receipt["reference"].startswith("PR-")
    due_by = datetime.fromisoformat(receipt["due_by"])
    assert abs(due_by - (datetime.now(UTC) + timedelta(days=30))) < timedelta(minutes=1)

    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    caught_up(tenant.services)
    items = client.get("/v1/privacy-requests", headers=officer).json()["items"]
    request = next(r for r in items if r["reference"] == receipt["reference"])
    assert (request["status"], request["overdue"], request["name"]) == (
        "open",
        False,
        "Zanele Mthembu",
    )
    base = f"/v1/privacy-requests/{request['id']}"

    extended = client.post(
        f"{base}/extension", json={"reason": "archived records"}, headers=officer
    )
    assert extended.status_code == 200, extended.text
    again = client.post(f"{base}/extension", json={"reason": "more"}, headers=officer)
    assert again.status_code == 409 and again.json()["code"] == "already_extended"
    after = listed(client, tenant, request["id"])
    assert after["extended"] is True
    assert datetime.fromisoformat(after["due_by"]) - due_by == timedelta(days=30)

    customer_id = register_customer(client, tenant.headers(Role.AGENT), name="Zanele")
    unknown = client.post(
        f"{base}/resolution",
        json={"outcome": "completed", "customer_id": str(request["id"]), "note": "sent"},
        headers=officer,
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "customer_id"
    unverified = client.post(
        f"{base}/resolution",
        json={"outcome": "completed", "customer_id": customer_id, "note": "export sent"},
        headers=officer,
    )
    assert unverified.status_code == 409 and unverified.json()["code"] == "request_unverified"
    checked = client.post(
        f"{base}/verification",
        json={"reason": "called back on the number on record"},
        headers=officer,
    )
    assert checked.status_code == 200, checked.text
    resolved = client.post(
        f"{base}/resolution",
        json={"outcome": "completed", "customer_id": customer_id, "note": "export sent by email"},
        headers=officer,
    )
    assert resolved.status_code == 200, resolved.text
    closed = listed(client, tenant, request["id"])
    assert (closed["status"], closed["outcome"], closed["customer_id"]) == (
        "closed",
        "completed",
        customer_id,
    )
    assert closed["resolved_at"] is not None and closed["overdue"] is False
    open_only = client.get("/v1/privacy-requests?status=open", headers=officer).json()["items"]
    assert request["id"] not in [r["id"] for r in open_only]
    twice = client.post(
        f"{base}/resolution", json={"outcome": "declined", "note": "x"}, headers=officer
    )
    assert twice.status_code == 409 and twice.json()["code"] == "request_resolved"


def test_an_overdue_request_is_flagged(client: TestClient, tenant: TenantKit) -> None:
    late = PrivacyRequest.receive(
        tenant_id=tenant.id,
        kind=RequestKind.DELETION,
        name="Late Person",
        email="late@example.com",
        phone=None,
        details=None,
        now=datetime.now(UTC) - timedelta(days=31),
    )
    tenant.services.app.commit(RequestContext(tenant_id=tenant.id, actor="public"), late)
    request = listed(client, tenant, str(late.id))
    assert (request["status"], request["overdue"]) == ("open", True)
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    first = client.get("/v1/privacy-requests?status=open", headers=officer).json()["items"][0]
    assert first["overdue"] is True, "open requests list the overdue ones first"


def test_one_request_reads_as_the_list_shows_it_and_only_in_its_tenant(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    receipt = from_source(tenant.services).post(
        f"/v1/public/{tenant.slug}/privacy-requests", json=FORM
    )
    assert receipt.status_code == 202, receipt.text
    caught_up(tenant.services)
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    items = client.get("/v1/privacy-requests", params={"limit": 200}, headers=officer).json()
    request = next(r for r in items["items"] if r["reference"] == receipt.json()["reference"])
    one = client.get(f"/v1/privacy-requests/{request['id']}", headers=officer)
    assert one.status_code == 200 and one.json() == request
    elsewhere = other_tenant.headers(Role.COMPLIANCE_OFFICER)
    assert client.get(f"/v1/privacy-requests/{request['id']}", headers=elsewhere).status_code == 404
    agent = tenant.headers(Role.AGENT)
    assert client.get(f"/v1/privacy-requests/{request['id']}", headers=agent).status_code == 403


def test_a_bad_form_is_refused_naming_the_field_and_stores_nothing(
    client: TestClient, tenant: TenantKit
) -> None:
    url = f"/v1/public/{tenant.slug}/privacy-requests"
    client = from_source(tenant.services)
    before = event_count(tenant.services)
    for body, field in [
        ({**FORM, "email": None}, "email"),
        ({**FORM, "email": "not an email"}, "email"),
        ({**FORM, "kind": "everything"}, "kind"),
        ({**FORM, "name": ""}, "name"),
        ({**FORM, "shoe_size": 9}, "shoe_size"),
    ]:
        refused = client.post(url, json=body)
        assert refused.status_code == 422, (body, refused.text)
        assert field in [e["field"] for e in refused.json()["errors"]], refused.text
    assert client.post("/v1/public/no-such-tenant/privacy-requests", json=FORM).status_code == 404
    assert client.post("/v1/public/Not A Slug/privacy-requests", json=FORM).status_code == 404
    assert event_count(tenant.services) == before


def test_parallel_requests_from_one_address_are_admitted_up_to_the_limit(
    tenant: TenantKit,
) -> None:
    limit = tenant.services.settings.privacy_requests_per_source
    url = f"/v1/public/{tenant.slug}/privacy-requests"
    public = from_source(tenant.services)
    answers = all_at_once(lambda: public.post(url, json=FORM).status_code, 4 * limit)
    assert sorted(answers) == [202] * limit + [429] * 3 * limit, answers


def test_the_public_form_is_rate_limited_per_source_address(
    client: TestClient, tenant: TenantKit
) -> None:
    limit = tenant.services.settings.privacy_requests_per_source
    url = f"/v1/public/{tenant.slug}/privacy-requests"
    source = f"test-{uuid4().hex}"
    one, other = from_source(tenant.services, source), from_source(tenant.services)
    answers = [one.post(url, json=FORM).status_code for _ in range(limit + 1)]
    assert answers == [202] * limit + [429], answers
    limited = one.post(url, json=FORM)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert limited.json()["code"] == "too_many_attempts"
    assert other.post(url, json=FORM).status_code == 202
    with psycopg.connect(tenant.services.database_url) as conn:
        kept = conn.execute("SELECT source_hash FROM aftersales_rate_hits").fetchall()
    assert kept and not [row for row in kept if source in row[0]]


def test_only_compliance_officers_handle_requests(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    late = PrivacyRequest.receive(
        tenant_id=tenant.id,
        kind=RequestKind.OBJECTION,
        name="N",
        email=None,
        phone="+27825550000",
        details=None,
        now=datetime.now(UTC),
    )
    tenant.services.app.commit(RequestContext(tenant_id=tenant.id, actor="public"), late)
    for role in (Role.ADMIN, Role.AGENT, Role.AUDITOR, Role.TECHNICIAN):
        headers = tenant.headers(role)
        assert client.get("/v1/privacy-requests", headers=headers).status_code == 403
        extended = client.post(
            f"/v1/privacy-requests/{late.id}/extension", json={"reason": "x"}, headers=headers
        )
        assert extended.status_code == 403
    theirs = other_tenant.headers(Role.COMPLIANCE_OFFICER)
    for path, body in [
        ("extension", {"reason": "x"}),
        ("resolution", {"outcome": "declined", "note": "x"}),
    ]:
        answer = client.post(f"/v1/privacy-requests/{late.id}/{path}", json=body, headers=theirs)
        assert answer.status_code == 404, answer.text
