"""A tenant's privacy notice (s18): versions admins publish, each kept as it was, and the
version a customer was given at the desk or on the status page on their record and export."""

from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from commands.bus import send
from commands.privacy_notices import RecordNoticeGiven
from domain.context import RequestContext
from domain.privacy_notice import NOTICE_FIELDS
from domain.values import Role
from tests.e2e.api import CUSTOMER, DEVICE, open_ticket, register_customer
from tests.privacy import NOTICE
from tests.support import TenantKit, event_count

URL = "/v1/tenant/privacy-notices"


def publish(client: TestClient, tenant: TenantKit, **changes: Any) -> Any:
    return client.post(URL, json={**NOTICE, **changes}, headers=tenant.headers(Role.ADMIN))


def test_each_part_section_18_asks_for_is_required_and_named_when_missing(
    client: TestClient, tenant: TenantKit
) -> None:
    agent = tenant.headers(Role.AGENT)
    publish(client, tenant, law="")  # the admin's account made, before counting
    before = event_count(tenant.services)
    for field in NOTICE_FIELDS:
        without = {k: v for k, v in NOTICE.items() if k != field}
        missing = client.post(URL, json=without, headers=tenant.headers(Role.ADMIN))
        assert missing.status_code == 422, field
        assert missing.json()["errors"][0]["field"] == field
        blank = publish(client, tenant, **{field: "   "})
        assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == field
    wrong = publish(client, tenant, supply="sometimes")
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "supply"
    assert client.post(URL, json=NOTICE, headers=agent).status_code == 403
    assert event_count(tenant.services) == before, "nothing stored"


def test_versions_are_added_never_changed(client: TestClient, tenant: TenantKit) -> None:
    first = publish(client, tenant)
    assert first.status_code == 201, first.text
    assert first.json()["notice_version"] == 1
    second = publish(client, tenant, supply="voluntary", consequences="None: it is voluntary.")
    assert second.json()["notice_version"] == 2
    listed = client.get(URL, headers=tenant.headers(Role.AGENT)).json()["items"]
    assert [n["version"] for n in listed] == [1, 2]
    assert {k: listed[0][k] for k in NOTICE} == NOTICE, "version 1 is as it was published"
    assert listed[1]["supply"] == "voluntary"
    for method in ("PUT", "PATCH", "DELETE"):
        answer = client.request(method, URL, json=NOTICE, headers=tenant.headers(Role.ADMIN))
        assert answer.status_code == 405
    current = client.get(f"/v1/public/{tenant.slug}/privacy-notice")
    assert current.status_code == 200 and current.json()["version"] == 2
    assert client.get("/v1/public/no-such-shop-xyz/privacy-notice").status_code == 404


def test_intake_records_the_version_given_and_the_export_lists_it(
    client: TestClient, tenant: TenantKit
) -> None:
    version = publish(client, tenant).json()["notice_version"]
    desk = tenant.headers(Role.AGENT)
    before = event_count(tenant.services)
    unknown = client.post(
        "/v1/customers",
        json={**CUSTOMER, "privacy_notice_version": version + 50},
        headers=desk,
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "privacy_notice_version"
    assert event_count(tenant.services) == before
    customer_id = register_customer(client, desk, privacy_notice_version=version)
    ticket = open_ticket(client, desk, customer_id, privacy_notice_version=version)
    assert ticket["number"]
    refused = client.post(
        "/v1/tickets",
        json={
            "customer_id": customer_id,
            "device": DEVICE,
            "fault_description": "no power",
            "channel": "walk_in",
            "privacy_notice_version": 0,
        },
        headers=desk,
    )
    assert refused.status_code == 422
    customer = RequestContext(tenant_id=tenant.id, actor="customer")
    shown = RecordNoticeGiven(customer_id=UUID(customer_id), version=version, how="status_page")
    send(shown, customer, tenant.services.app)
    export = client.get(
        f"/v1/customers/{customer_id}/export", headers=tenant.headers(Role.COMPLIANCE_OFFICER)
    )
    assert export.status_code == 200, export.text
    given = export.json()["privacy_notices"]
    assert [(g["version"], g["how"]) for g in given] == [
        (version, "desk"),
        (version, "desk"),
        (version, "status_page"),
    ]
    assert all(g["at"] for g in given)
    record = client.get(f"/v1/customers/{customer_id}/privacy-notices", headers=desk)
    assert record.status_code == 200, record.text
    assert [(g["version"], g["how"]) for g in record.json()["items"]] == [
        (g["version"], g["how"]) for g in given
    ]
    page = client.get(f"/customers/{customer_id}", headers=desk)
    assert "Privacy notices given" in page.text or page.status_code in (200, 303)
