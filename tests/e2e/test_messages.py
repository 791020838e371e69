"""Customers hear about their repair on the channel they chose, only with their consent."""

import secrets

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import open_ticket
from tests.e2e.messaging import customer_with, post_whatsapp, received, ticket, with_templates
from tests.providers.accounts import Providers
from tests.providers.graph import OUTSIDE_WINDOW, inbound
from tests.support import TenantKit, caught_up, event_count, wait_until


def phone() -> str:
    return "+2782" + "".join(secrets.choice("0123456789") for _ in range(7))


def move(client: TestClient, tenant: TenantKit, ticket_id: str, *statuses: str) -> None:
    for status in statuses:
        answer = client.post(
            f"/v1/tickets/{ticket_id}/status", json={"status": status}, headers=tenant.headers()
        )
        assert answer.status_code == 200, answer.text


def test_a_ticket_ready_for_collection_reaches_the_customer_by_sms(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    with_templates(client, tenant, ready_for_collection="ready")
    number = phone()
    customer_id = customer_with(client, tenant, number, sms=True)
    opened = open_ticket(client, tenant.headers(), customer_id, channel="sms")
    move(client, tenant, opened["id"], "diagnosing", "ready_for_collection")

    [sms] = received(lambda: providers.sms.sent_to(number))
    assert sms["body"] == (
        f"Hi Thandi, your Sunsynk 8kW hybrid ({opened['number']}) is ready for collection."
    )
    wait_until(lambda: ticket(client, tenant, opened["id"])["messages"][0]["status"] == "sent")
    [message] = ticket(client, tenant, opened["id"])["messages"]
    assert (message["direction"], message["channel"], message["purpose"]) == (
        "outbound",
        "sms",
        "ready_for_collection",
    )
    assert message["body"] == sms["body"] and message["by"] == "system"


def test_without_consent_or_after_an_objection_nothing_is_queued_or_sent(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    with_templates(client, tenant, ready_for_collection="ready")
    number = phone()
    customer_id = customer_with(client, tenant, number, sms=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    url = f"/v1/tickets/{ticket_id}/messages"
    desk = tenant.headers(Role.AGENT)
    caught_up(tenant.services)
    before = event_count(tenant.services)

    no_consent = client.post(url, json={"channel": "email", "body": "Hello"}, headers=desk)
    assert no_consent.status_code == 409 and no_consent.json()["code"] == "no_consent"
    assert event_count(tenant.services) == before

    objected = client.post(
        f"/v1/customers/{customer_id}/objection", json={"reason": "no messages"}, headers=desk
    )
    assert objected.status_code == 200, objected.text
    before = event_count(tenant.services)
    refused = client.post(url, json={"channel": "sms", "body": "Hello"}, headers=desk)
    assert refused.status_code == 409 and refused.json()["code"] == "processing_restricted"
    assert event_count(tenant.services) == before

    move(client, tenant, ticket_id, "diagnosing", "ready_for_collection")
    caught_up(tenant.services)
    assert providers.sms.sent_to(number) == []
    assert ticket(client, tenant, ticket_id)["messages"] == []


def test_whatsapp_free_text_goes_only_within_24_hours_of_the_customers_message(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    with_templates(client, tenant)
    number = phone()
    customer_id = customer_with(client, tenant, number, whatsapp=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    url = f"/v1/tickets/{ticket_id}/messages"
    desk = tenant.headers(Role.AGENT)

    closed = client.post(url, json={"channel": "whatsapp", "body": "Your quote"}, headers=desk)
    assert closed.status_code == 409, closed.text
    assert closed.json()["code"] == "whatsapp_window_closed"

    template = {"channel": "whatsapp", "template": "ready"}
    assert client.post(url, json=template, headers=desk).status_code == 202
    [sent] = received(lambda: providers.graph.sent_to(number))
    assert sent["type"] == "template" and sent["template"]["name"] == "repair_ready"
    values = [p["text"] for p in sent["template"]["components"][0]["parameters"]]
    assert values[0] == "Thandi" and values[1] == "Sunsynk 8kW hybrid"

    wrote = post_whatsapp(
        client, accounts, inbound(accounts.phone_number_id, number, "Is it done?", "wamid.in1")
    )
    assert wrote.status_code == 200 and wrote.json()["messages"] == 1, wrote.text
    caught_up(tenant.services)
    free = client.post(url, json={"channel": "whatsapp", "body": "Yes, come by"}, headers=desk)
    assert free.status_code == 202, free.text
    texts = received(lambda: providers.graph.sent_to(number), 2)
    assert texts[1]["type"] == "text" and texts[1]["text"]["body"] == "Yes, come by"
    assert texts[1]["biz_opaque_callback_data"] == free.json()["id"]


def test_a_permanent_failure_shows_on_the_ticket_with_its_reason(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    with_templates(client, tenant)
    number = phone()
    customer_id = customer_with(client, tenant, number, whatsapp=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    providers.graph.fail(OUTSIDE_WINDOW)
    answer = client.post(
        f"/v1/tickets/{ticket_id}/messages",
        json={"channel": "whatsapp", "template": "ready"},
        headers=tenant.headers(Role.AGENT),
    )
    assert answer.status_code == 202, answer.text
    wait_until(lambda: ticket(client, tenant, ticket_id)["messages"][0]["status"] == "failed")
    [message] = ticket(client, tenant, ticket_id)["messages"]
    assert message["failure_code"] == "whatsapp_131047"
    assert "24 hours" in message["failure_reason"]
    assert providers.graph.sent_to(number) == []


def test_an_email_goes_over_starttls_in_text_and_html_from_the_tenants_sender(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    with_templates(client, tenant)
    number = phone()
    customer_id = customer_with(client, tenant, number, email=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    answer = client.post(
        f"/v1/tickets/{ticket_id}/messages",
        json={"channel": "email", "template": "ready"},
        headers=tenant.headers(Role.AGENT),
    )
    assert answer.status_code == 202, answer.text
    address = f"c{number[-7:]}@example.org"
    [mail] = received(lambda: providers.smtp.mailbox.to(address))
    assert mail["From"] == f"Sun Repairs <{accounts.sender_address}>"
    assert mail["Subject"].endswith("is ready")
    assert mail["Message-ID"] == f"<{answer.json()['id']}@aftersales>"
    parts = {p.get_content_type(): p.get_payload(decode=True) for p in mail.walk()}
    assert b"ready for collection" in parts["text/plain"]
    assert b"<p>Hi Thandi" in parts["text/html"]
    index = providers.smtp.mailbox.mails.index(mail)
    assert providers.smtp.mailbox.secure[index], "the mail came over STARTTLS"


def test_a_customers_messages_are_listed_with_their_tickets_and_only_in_their_tenant(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    number = phone()
    customer_id = customer_with(client, tenant, number, sms=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    desk = tenant.headers(Role.AGENT)
    sent = client.post(
        f"/v1/tickets/{ticket_id}/messages", json={"channel": "sms", "body": "Hi"}, headers=desk
    )
    assert sent.status_code == 202, sent.text
    caught_up(tenant.services)
    url = f"/v1/customers/{customer_id}/messages"
    listed = client.get(url, headers=tenant.headers(Role.COMPLIANCE_OFFICER))
    assert listed.status_code == 200, listed.text
    [message] = listed.json()["items"]
    assert (message["body"], message["channel"], message["ticket_id"]) == ("Hi", "sms", ticket_id)
    elsewhere = other_tenant.headers(Role.AGENT)
    assert client.get(url, headers=elsewhere).status_code == 404
    assert client.get(url, headers=tenant.headers(Role.AUDITOR)).status_code == 403
