"""What the front desk asks at intake, over HTTP: whom a registration would duplicate (the
customers on record with a phone or email), and the business it works for."""

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import CUSTOMER, register_customer, seen
from tests.support import TenantKit


def test_the_customers_with_a_phone_or_an_email_as_registration_takes_them(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    first = register_customer(client, desk)
    by_email = register_customer(client, desk, phone="083 111 2222", email="Ops@Example.co.za")
    register_customer(client, desk, name="Lerato", phone="084 000 0000", email="l@example.co.za")
    register_customer(client, other_tenant.headers(Role.AGENT))

    def on_record(**given: str) -> list[str]:
        answer = client.get("/v1/customer-duplicates", params=given, headers=desk)
        assert answer.status_code == 200, answer.text
        return [c["id"] for c in answer.json()]

    assert on_record(phone="+27 82 555 1234") == [first]
    assert on_record(email="THANDI@example.co.za") == [first]
    assert on_record(phone="0825551234", email="ops@example.co.za") == [first, by_email]
    assert on_record(phone="082 999 9999") == []
    assert on_record() == []
    found = client.get("/v1/customer-duplicates", params={"phone": "082 555 1234"}, headers=desk)
    assert found.json()[0]["surname"] == CUSTOMER["surname"]


def test_an_erased_customer_is_not_on_record(client: TestClient, tenant: TenantKit) -> None:
    desk = tenant.headers(Role.AGENT)
    customer = register_customer(client, desk, phone="084 222 3333", email="gone@example.co.za")
    params = {"phone": "084 222 3333", "email": "gone@example.co.za"}
    before = client.get("/v1/customer-duplicates", params=params, headers=desk).json()
    assert [c["id"] for c in before] == [customer]
    url = f"/v1/customers/{customer}/erasure"
    erased = client.post(url, json={}, headers=tenant.headers(Role.COMPLIANCE_OFFICER))
    assert erased.status_code == 200, erased.text
    answer = client.get("/v1/customer-duplicates", params=params, headers={**desk, **seen(erased)})
    assert answer.status_code == 200, answer.text
    assert answer.json() == []


def test_an_invalid_phone_is_refused_and_a_technician_may_not_ask(
    client: TestClient, tenant: TenantKit
) -> None:
    bad = client.get(
        "/v1/customer-duplicates", params={"phone": "call me"}, headers=tenant.headers(Role.AGENT)
    )
    assert bad.status_code == 422, bad.text
    assert "phone" in bad.text
    answer = client.get(
        "/v1/customer-duplicates",
        params={"email": "a@example.co.za"},
        headers=tenant.headers(Role.TECHNICIAN),
    )
    assert answer.status_code == 403


def test_staff_of_every_role_read_their_own_tenants_name(
    client: TestClient, tenant: TenantKit
) -> None:
    for role in Role:
        answer = client.get("/v1/tenant", headers=tenant.headers(role))
        assert answer.status_code == 200, answer.text
        assert answer.json() == {
            "id": str(tenant.id),
            "name": f"Tenant {tenant.slug}",
            "slug": tenant.slug,
        }
    assert client.get("/v1/tenant").status_code == 401
