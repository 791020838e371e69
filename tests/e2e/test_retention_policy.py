"""The tenant's retention policy over HTTP."""

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import seen
from tests.support import TenantKit, event_count


def test_an_admin_sets_the_retention_policy_and_compliance_reads_it(
    client: TestClient, tenant: TenantKit
) -> None:
    url = "/v1/retention-policy"
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    assert client.get(url, headers=officer).json() == {
        "customer_days": None,
        "ticket_text_days": None,
    }
    policy = {"customer_days": 1825, "ticket_text_days": 365}
    answer = client.put(url, json=policy, headers=tenant.headers(Role.ADMIN))
    assert answer.status_code == 200, answer.text
    assert answer.json()["id"] == str(tenant.id)
    assert client.get(url, headers={**officer, **seen(answer)}).json() == policy  # another caller
    assert client.get(url, headers=tenant.headers(Role.ADMIN)).json() == policy  # its own write


def test_a_bad_policy_is_refused_naming_the_field(client: TestClient, tenant: TenantKit) -> None:
    admin = tenant.headers(Role.ADMIN)
    before = event_count(tenant.services)
    for body, field in [
        ({"customer_days": 0}, "customer_days"),
        ({"ticket_text_days": 40_000}, "ticket_text_days"),
        ({"customer_days": "soon"}, "customer_days"),
        ({"forever": True}, "forever"),
    ]:
        refused = client.put("/v1/retention-policy", json=body, headers=admin)
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == field
    assert event_count(tenant.services) == before
