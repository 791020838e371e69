"""Helpers for the messaging tests: a tenant with accounts at the local providers, templates,
and waiting for what a provider received."""

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import register_customer
from tests.providers.accounts import Providers, TenantAccounts
from tests.providers.graph import signed
from tests.support import TenantKit, caught_up, wait_until

READY = {
    "text": "Hi {first_name}, your {device} ({ticket_number}) is ready for collection.",
    "email_subject": "{ticket_number} is ready",
    "whatsapp_template": "repair_ready",
    "whatsapp_language": "en",
}


def with_templates(client: TestClient, tenant: TenantKit, **automatic: str) -> None:
    admin = tenant.headers(Role.ADMIN)
    answer = client.put("/v1/tenant/message-templates/ready", json=READY, headers=admin)
    assert answer.status_code == 200, answer.text
    if automatic:
        answer = client.put("/v1/tenant/automatic-messages", json=automatic, headers=admin)
        assert answer.status_code == 200, answer.text


def customer_with(client: TestClient, tenant: TenantKit, phone: str, **consents: bool) -> str:
    given = {"whatsapp": False, "sms": False, "email": False, **consents}
    return register_customer(
        client,
        tenant.headers(Role.AGENT),
        phone=phone,
        email=f"c{phone[-7:]}@example.org",
        consents=given,
    )


def received(items: Callable[[], list[Any]], count: int = 1) -> list[Any]:
    """What a provider received, once it has at least `count` of them."""
    wait_until(lambda: len(items()) >= count)
    return items()


def ticket(client: TestClient, tenant: TenantKit, ticket_id: str) -> dict[str, Any]:
    caught_up(tenant.services)
    answer = client.get(f"/v1/tickets/{ticket_id}", headers=tenant.headers(Role.AGENT))
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def post_whatsapp(
    client: TestClient, accounts: TenantAccounts, payload: dict[str, Any], secret: str | None = None
) -> Any:
    body, headers = signed(payload, secret or accounts.app_secret)
    return client.post(f"/v1/webhooks/whatsapp/{accounts.slug}", content=body, headers=headers)


def messaging_tenant(providers: Providers, tenant: TenantKit) -> TenantAccounts:
    return providers.enable(tenant)
