"""Automatic messages turned on for a tenant with no channel account warn, rather than send
nothing without a word."""

from fastapi.testclient import TestClient

from tests.e2e.api import seen
from tests.e2e.messaging import with_templates
from tests.providers.accounts import Providers
from tests.support import TenantKit


def test_automatic_messages_without_a_channel_account_answer_a_warning_until_one_is_added(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    admin = tenant.headers()
    with_templates(client, tenant)
    chosen = client.put(
        "/v1/tenant/automatic-messages", json={"ready_for_collection": "ready"}, headers=admin
    )
    assert chosen.status_code == 200, chosen.text
    [warning] = chosen.json()["warnings"]
    assert warning["code"] == "no_channel_accounts"
    assert "ready_for_collection" in warning["detail"]
    settings = client.get("/v1/tenant/messaging", headers={**admin, **seen(chosen)}).json()
    assert settings["automatic"]["ready_for_collection"] == "ready"
    assert [w["code"] for w in settings["warnings"]] == ["no_channel_accounts"]

    providers.enable(tenant)
    assert client.get("/v1/tenant/messaging", headers=admin).json()["warnings"] == []
    again = client.put("/v1/tenant/automatic-messages", json={"closed": "ready"}, headers=admin)
    assert again.status_code == 200, again.text
    assert again.json()["warnings"] == []


def test_all_automatic_messages_off_warns_of_nothing_without_accounts(
    client: TestClient, tenant: TenantKit
) -> None:
    off = client.put("/v1/tenant/automatic-messages", json={}, headers=tenant.headers())
    assert off.status_code == 200, off.text
    assert off.json()["warnings"] == []
    settings = client.get("/v1/tenant/messaging", headers=tenant.headers())
    assert settings.json()["warnings"] == []
