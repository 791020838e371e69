"""The product catalogue over HTTP: only an admin sets it, bad entries are refused naming the
field with nothing stored, and make and model are matched whatever their case."""

from fastapi.testclient import TestClient

from domain.values import Role
from tests.support import TenantKit, event_count

ENTRY = {"warranty_months": 60, "terms": "Parts and labour on site", "replacement_warranty": "new"}


def test_an_admin_sets_an_entry_and_staff_read_it_whatever_the_case(
    client: TestClient, tenant: TenantKit
) -> None:
    admin, agent = tenant.headers(Role.ADMIN), tenant.headers(Role.AGENT)
    assert client.get("/v1/catalogue", headers=agent).json() == []
    set_ = client.put("/v1/catalogue/Sunsynk/SUN-5K-SG/2", json=ENTRY, headers=admin)
    assert set_.status_code == 200, set_.text
    entry = {"make": "Sunsynk", "model": "SUN-5K-SG/2", **ENTRY}
    assert client.get("/v1/catalogue/SUNSYNK/sun-5k-sg/2", headers=agent).json() == entry
    client.put("/v1/catalogue/Deye/SUN-8K", json={"warranty_months": 12}, headers=admin)
    listed = client.get("/v1/catalogue", headers=agent).json()
    assert [(e["make"], e["replacement_warranty"], e["terms"]) for e in listed] == [
        ("Deye", "remaining", None),
        ("Sunsynk", "new", ENTRY["terms"]),
    ]
    assert client.delete("/v1/catalogue/deye/sun-8k", headers=admin).status_code == 200
    gone = client.get("/v1/catalogue/Deye/SUN-8K", headers=agent)
    assert gone.status_code == 404 and gone.json()["code"] == "not_found"
    assert client.delete("/v1/catalogue/Deye/SUN-8K", headers=admin).status_code == 404


def test_only_an_admin_changes_the_catalogue(client: TestClient, tenant: TenantKit) -> None:
    callers = [tenant.headers(r) for r in (Role.AGENT, Role.TECHNICIAN, Role.COMPLIANCE_OFFICER)]
    before = event_count(tenant.services)
    for headers in callers:
        put = client.put("/v1/catalogue/Victron/MultiPlus", json=ENTRY, headers=headers)
        assert put.status_code == 403, put.text
        assert client.delete("/v1/catalogue/Victron/MultiPlus", headers=headers).status_code == 403
    assert client.get("/v1/catalogue").status_code == 401
    assert event_count(tenant.services) == before


def test_a_bad_entry_is_refused_naming_the_field_and_nothing_is_stored(
    client: TestClient, tenant: TenantKit
) -> None:
    admin = tenant.headers(Role.ADMIN)
    before = event_count(tenant.services)
    for url, body, field in [
        ("/v1/catalogue/Victron/MultiPlus", {"warranty_months": -1}, "warranty_months"),
        ("/v1/catalogue/Victron/MultiPlus", {"warranty_months": 601}, "warranty_months"),
        ("/v1/catalogue/Victron/MultiPlus", {"warranty_months": "12"}, "warranty_months"),
        ("/v1/catalogue/Victron/MultiPlus", {"warranty_months": 1.5}, "warranty_months"),
        ("/v1/catalogue/Victron/MultiPlus", {}, "warranty_months"),
        ("/v1/catalogue/Victron/MultiPlus", {**ENTRY, "replacement_warranty": "x"}, None),
        ("/v1/catalogue/Victron/MultiPlus", {**ENTRY, "terms": "a\x00b"}, "terms"),
        ("/v1/catalogue/Victron/MultiPlus", {**ENTRY, "forever": True}, "forever"),
        ("/v1/catalogue/%20/MultiPlus", ENTRY, "make"),
        ("/v1/catalogue/Victron/%01x", ENTRY, "model"),
        (f"/v1/catalogue/Victron/{'m' * 201}", ENTRY, "model"),
    ]:
        refused = client.put(url, json=body, headers=admin)
        assert refused.status_code == 422, (url, body, refused.text)
        assert refused.json()["errors"][0]["field"] == (field or "replacement_warranty")
    assert event_count(tenant.services) == before


def test_another_tenants_catalogue_is_not_seen(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    put = client.put(
        "/v1/catalogue/Growatt/SPF-5000", json=ENTRY, headers=tenant.headers(Role.ADMIN)
    )
    assert put.status_code == 200
    theirs = other_tenant.headers(Role.ADMIN)
    assert client.get("/v1/catalogue/Growatt/SPF-5000", headers=theirs).status_code == 404
    assert client.get("/v1/catalogue", headers=theirs).json() == []
