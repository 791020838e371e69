"""A desk asks what a ticket's customer may be sent now: the consented channels, WhatsApp's
window with when it closes, and the templates with the parameters they ask for."""

import secrets
import time
from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import open_ticket
from tests.e2e.messaging import customer_with, post_whatsapp, with_templates
from tests.providers.accounts import Providers
from tests.providers.graph import inbound
from tests.support import TenantKit, caught_up

QUOTE = {
    "text": "Hi {first_name}, the repair of {device} costs R{amount}.",
    "whatsapp_template": None,
}


def phone() -> str:
    return "+2783" + "".join(secrets.choice("0123456789") for _ in range(7))


def messaging(client: TestClient, tenant: TenantKit, ticket_id: str) -> dict[str, Any]:
    caught_up(tenant.services)
    answer = client.get(f"/v1/tickets/{ticket_id}/messaging", headers=tenant.headers(Role.AGENT))
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_the_desk_sees_the_consented_channels_and_the_whatsapp_window_as_it_opens(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant, email=False)
    with_templates(client, tenant)
    admin = tenant.headers(Role.ADMIN)
    quote = client.put("/v1/tenant/message-templates/quote", json=QUOTE, headers=admin)
    assert quote.status_code == 200, quote.text
    number = phone()
    customer_id = customer_with(client, tenant, number, whatsapp=True, email=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]

    shown = messaging(client, tenant, ticket_id)
    assert shown["blocked"] is None
    assert shown["channels"] == [
        {"channel": "whatsapp", "configured": True, "free_text": False, "window_closes_at": None},
        {"channel": "email", "configured": False, "free_text": True, "window_closes_at": None},
    ]
    templates = {t["name"]: (t["parameters"], t["whatsapp"]) for t in shown["templates"]}
    assert templates == {"quote": (["amount"], False), "ready": ([], True)}

    wrote_at = time.time() - 3600
    message = inbound(accounts.phone_number_id, number, "How much?", "wamid.q1", at=wrote_at)
    assert post_whatsapp(client, accounts, message).status_code == 200
    [whatsapp, _] = messaging(client, tenant, ticket_id)["channels"]
    assert whatsapp["free_text"] is True
    closes = datetime.fromisoformat(whatsapp["window_closes_at"]).timestamp()
    assert abs(closes - (int(wrote_at) + timedelta(hours=24).total_seconds())) < 1


def test_after_an_objection_nothing_is_offered_and_a_technician_or_another_tenant_may_not_ask(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    customer_id = customer_with(client, tenant, phone(), sms=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    assert [c["channel"] for c in messaging(client, tenant, ticket_id)["channels"]] == ["sms"]

    desk = tenant.headers(Role.AGENT)
    objection = {"reason": "no messages"}
    objected = client.post(f"/v1/customers/{customer_id}/objection", json=objection, headers=desk)
    assert objected.status_code == 200, objected.text
    shown = messaging(client, tenant, ticket_id)
    assert (shown["blocked"], shown["channels"]) == ("processing_restricted", [])

    url = f"/v1/tickets/{ticket_id}/messaging"
    assert client.get(url, headers=tenant.headers(Role.TECHNICIAN)).status_code == 403
    assert client.get(url, headers=other_tenant.headers(Role.AGENT)).status_code == 404
