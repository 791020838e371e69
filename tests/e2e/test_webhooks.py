"""The providers' webhooks: proven or refused, statuses applied once and in any order, replies
on the right ticket (or in triage), STOP and START on the record."""

import secrets

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import open_ticket
from tests.e2e.messaging import customer_with, post_whatsapp, received, ticket, with_templates
from tests.providers.accounts import Providers
from tests.providers.bulksms import reply, status_report
from tests.providers.graph import inbound, signature_headers, status_update
from tests.support import TenantKit, caught_up, event_count, wait_until


def phone() -> str:
    return "+2782" + "".join(secrets.choice("0123456789") for _ in range(7))


def sent_template(client: TestClient, tenant: TenantKit, ticket_id: str) -> str:
    answer = client.post(
        f"/v1/tickets/{ticket_id}/messages",
        json={"channel": "whatsapp", "template": "ready"},
        headers=tenant.headers(Role.AGENT),
    )
    assert answer.status_code == 202, answer.text
    return str(answer.json()["id"])


def status_of(client: TestClient, tenant: TenantKit, ticket_id: str) -> str:
    return str(ticket(client, tenant, ticket_id)["messages"][0]["status"])


def test_the_verification_handshake_answers_the_challenge_only_to_the_verify_token(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    url = f"/v1/webhooks/whatsapp/{tenant.slug}"
    query = {"hub.mode": "subscribe", "hub.verify_token": accounts.verify_token}
    ok = client.get(url, params={**query, "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = client.get(url, params={**query, "hub.verify_token": "guess", "hub.challenge": "1"})
    assert wrong.status_code == 403
    assert wrong.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/webhooks/whatsapp/no-such-tenant", params=query).status_code == 404


def test_a_wrong_signature_is_refused_and_changes_nothing_while_a_right_one_updates_the_status(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    with_templates(client, tenant)
    number = phone()
    customer_id = customer_with(client, tenant, number, whatsapp=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    sent_template(client, tenant, ticket_id)
    [accepted] = received(lambda: providers.graph.sent_to(number))
    wait_until(lambda: status_of(client, tenant, ticket_id) == "sent")
    delivered = status_update(accounts.phone_number_id, accepted, "delivered")
    caught_up(tenant.services)
    before = event_count(tenant.services)

    forged = post_whatsapp(client, accounts, delivered, secret="not-the-app-secret")
    assert forged.status_code == 401, forged.text
    assert forged.json()["code"] == "invalid_signature"
    unsigned = client.post(f"/v1/webhooks/whatsapp/{tenant.slug}", json=delivered)
    assert unsigned.status_code == 401
    assert event_count(tenant.services) == before

    for _ in range(2):  # Meta delivers it twice: applied once
        answer = post_whatsapp(client, accounts, delivered)
        assert answer.status_code == 200, answer.text
    assert event_count(tenant.services) == before + 1
    assert status_of(client, tenant, ticket_id) == "delivered"

    late_sent = post_whatsapp(
        client, accounts, status_update(accounts.phone_number_id, accepted, "sent")
    )
    read = post_whatsapp(
        client, accounts, status_update(accounts.phone_number_id, accepted, "read")
    )
    assert late_sent.status_code == read.status_code == 200
    assert status_of(client, tenant, ticket_id) == "read"


def test_a_late_failure_from_meta_is_on_the_ticket_with_its_reason(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    with_templates(client, tenant)
    number = phone()
    customer_id = customer_with(client, tenant, number, whatsapp=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    sent_template(client, tenant, ticket_id)
    [accepted] = received(lambda: providers.graph.sent_to(number))
    failed = status_update(accounts.phone_number_id, accepted, "failed", error=131047)
    assert post_whatsapp(client, accounts, failed).status_code == 200
    wait_until(lambda: status_of(client, tenant, ticket_id) == "failed")
    message = ticket(client, tenant, ticket_id)["messages"][0]
    assert message["failure_code"] == "whatsapp_131047"


def test_a_reply_lands_on_the_customers_open_ticket_and_an_unknown_number_in_triage(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    number = phone()
    customer_id = customer_with(client, tenant, number, whatsapp=True)
    older = open_ticket(client, tenant.headers(), customer_id)["id"]
    newer = open_ticket(client, tenant.headers(), customer_id)["id"]
    caught_up(tenant.services)
    payload = inbound(accounts.phone_number_id, number, "When can I fetch it?", "wamid.r1")
    for _ in range(2):  # delivered twice: recorded once
        assert post_whatsapp(client, accounts, payload).status_code == 200
    [message] = ticket(client, tenant, newer)["messages"]
    assert (message["direction"], message["status"], message["body"]) == (
        "inbound",
        "received",
        "When can I fetch it?",
    )
    assert message["by"] == "customer:whatsapp"
    assert ticket(client, tenant, older)["messages"] == []

    stranger = phone()
    unknown = inbound(accounts.phone_number_id, stranger, "Do you fix geysers?", "wamid.r2")
    assert post_whatsapp(client, accounts, unknown).status_code == 200
    caught_up(tenant.services)
    desk = tenant.headers(Role.AGENT)
    [waiting] = client.get("/v1/messages/triage", headers=desk).json()["items"]
    assert (waiting["sender"], waiting["body"], waiting["customer_id"]) == (
        stranger,
        "Do you fix geysers?",
        None,
    )
    assigned = client.post(
        f"/v1/messages/{waiting['id']}/assignment", json={"ticket_id": older}, headers=desk
    )
    assert assigned.status_code == 200, assigned.text
    caught_up(tenant.services)
    assert client.get("/v1/messages/triage", headers=desk).json()["items"] == []
    assert [m["body"] for m in ticket(client, tenant, older)["messages"]] == ["Do you fix geysers?"]


def test_sms_receipts_update_the_status_and_stop_and_start_change_consent_on_the_record(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    number = phone()
    customer_id = customer_with(client, tenant, number, sms=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    desk = tenant.headers(Role.AGENT)
    sent = client.post(
        f"/v1/tickets/{ticket_id}/messages",
        json={"channel": "sms", "body": "Quote: R450"},
        headers=desk,
    )
    assert sent.status_code == 202, sent.text
    [accepted] = received(lambda: providers.sms.sent_to(number))
    url = f"/v1/webhooks/sms/{tenant.slug}"
    report = status_report(accepted, "DELIVERED")
    assert client.post(url, json=report, params={"secret": "wrong"}).status_code == 401
    ok = client.post(url, json=report, params={"secret": accounts.webhook_secret})
    assert ok.status_code == 200 and ok.json()["statuses"] == 1, ok.text
    wait_until(lambda: status_of(client, tenant, ticket_id) == "delivered")

    secret = {"secret": accounts.webhook_secret}
    assert client.post(url, json=reply(number, " stop ", "mo-1"), params=secret).status_code == 200
    caught_up(tenant.services)
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    consents = client.get(f"/v1/customers/{customer_id}", headers=officer).json()["consents"]
    assert consents["sms"]["granted"] is False and consents["sms"]["source"] == "sms:STOP"
    refused = client.post(
        f"/v1/tickets/{ticket_id}/messages", json={"channel": "sms", "body": "Hi"}, headers=desk
    )
    assert refused.status_code == 409 and refused.json()["code"] == "no_consent"

    assert client.post(url, json=reply(number, "START", "mo-2"), params=secret).status_code == 200
    caught_up(tenant.services)
    export = client.get(f"/v1/customers/{customer_id}/export", headers=officer).json()
    sms_consents = [
        (c["granted"], c["source"], c["recorded_by"])
        for c in export["consents"]
        if c["channel"] == "sms"
    ]
    assert sms_consents[-2:] == [
        (False, "sms:STOP", "customer:sms"),
        (True, "sms:START", "customer:sms"),
    ]
    bodies = [m["body"] for m in ticket(client, tenant, ticket_id)["messages"]]
    assert bodies == ["Quote: R450", " stop ", "START"]


def test_no_request_to_the_webhooks_gives_a_server_error(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    number = accounts.phone_number_id.encode()
    odd_bodies = [
        b"not json",
        b"[]",
        b"{}",
        b'{"entry": "x"}',
        b'{"entry": [{"changes": [1]}]}',
        b'{"entry": [{"changes": [{"value": {"metadata": {"phone_number_id": "%s"}, '
        b'"statuses": [{"id": 1}, {"id": "w", "status": "read", "biz_opaque_callback_data": '
        b'"00000000-0000-0000-0000-000000000000"}], "messages": [{"from": "x", "id": "y"}]}}]}]}'
        % number,
    ]
    for body in odd_bodies:
        headers = signature_headers(body, accounts.app_secret)
        answer = client.post(f"/v1/webhooks/whatsapp/{tenant.slug}", content=body, headers=headers)
        assert answer.status_code < 500, (body, answer.text)
        sms = client.post(
            f"/v1/webhooks/sms/{tenant.slug}",
            content=body,
            params={"secret": accounts.webhook_secret},
        )
        assert sms.status_code < 500, (body, sms.text)


def test_a_providers_retry_is_answered_as_changing_nothing(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    with_templates(client, tenant)
    number = phone()
    customer_id = customer_with(client, tenant, number, whatsapp=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    sent_template(client, tenant, ticket_id)
    [accepted] = received(lambda: providers.graph.sent_to(number))
    wait_until(lambda: status_of(client, tenant, ticket_id) == "sent")
    for payload, recorded in [
        (inbound(accounts.phone_number_id, number, "Thanks!", "wamid.retried"), "messages"),
        (status_update(accounts.phone_number_id, accepted, "delivered"), "statuses"),
    ]:
        answers = [post_whatsapp(client, accounts, payload) for _ in range(2)]
        first, retry = (answer.json() for answer in answers)
        assert first == {"statuses": 0, "messages": 0, "unchanged": 0, recorded: 1}
        assert retry == {"statuses": 0, "messages": 0, "unchanged": 1}
