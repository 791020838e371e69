"""Quotes over HTTP: drafted in cents from strings (numbers and negatives refused, nothing
stored), sent to the customer (the ticket awaits approval, the local provider gets the totals),
decided by a reply YES or NO through the provider's webhook or by staff, once; repair waits for
the approval."""

import re
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from commands.quote_decisions import decide_as_customer
from domain.errors import InvalidValue
from domain.quote import DecisionChannel, QuoteNotAwaitingDecision
from domain.refusals import NotFound
from domain.values import Role
from tests.e2e.api import open_ticket
from tests.e2e.messaging import customer_with, post_whatsapp, received, ticket
from tests.e2e.quoting import LINES, phone, quoted, send
from tests.privacy import dump, holds_plaintext, stored_states
from tests.providers.accounts import Providers
from tests.providers.bulksms import reply
from tests.providers.graph import inbound
from tests.support import TenantKit, caught_up


def status(client: TestClient, tenant: TenantKit, ticket_id: str, to: str) -> Any:
    return client.post(
        f"/v1/tickets/{ticket_id}/status", json={"status": to}, headers=tenant.headers(Role.AGENT)
    )


def test_billing_defaults_to_15_percent_in_rand_and_the_admin_sets_it(
    client: TestClient, tenant: TenantKit
) -> None:
    admin = tenant.headers(Role.ADMIN)
    assert client.get("/v1/tenant/billing", headers=admin).json() == {
        "vat_rate": "15.00",
        "currency": "ZAR",
    }
    for bad, field in (
        ({"vat_rate": 15, "currency": "ZAR"}, "vat_rate"),
        ({"vat_rate": "100.5", "currency": "ZAR"}, "vat_rate"),
        ({"vat_rate": "-1", "currency": "ZAR"}, "vat_rate"),
        ({"vat_rate": "15", "currency": "RAND"}, "currency"),
    ):
        refused = client.put("/v1/tenant/billing", json=bad, headers=admin)
        assert refused.status_code == 422, refused.text
        assert [e["field"] for e in refused.json()["errors"]] == [field]
    technician = tenant.headers(Role.TECHNICIAN)
    forbidden = {"vat_rate": "14", "currency": "usd"}
    assert client.put("/v1/tenant/billing", json=forbidden, headers=technician).status_code == 403
    done = client.put(
        "/v1/tenant/billing", json={"vat_rate": "14", "currency": "usd"}, headers=admin
    )
    assert done.status_code == 200, done.text
    assert client.get("/v1/tenant/billing", headers=technician).json() == {
        "vat_rate": "14.00",
        "currency": "USD",
    }
    customer_id = customer_with(client, tenant, phone(), sms=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    drafted = client.post(
        f"/v1/tickets/{ticket_id}/quotes", json={"lines": LINES[:1]}, headers=admin
    )
    [quote] = ticket(client, tenant, ticket_id)["quotes"]
    assert quote["id"] == drafted.json()["quote_id"]
    assert (quote["currency"], quote["vat_rate"], quote["vat"]) == ("USD", "14.00", "175.00")
    reset = {"vat_rate": "15", "currency": "ZAR"}
    assert client.put("/v1/tenant/billing", json=reset, headers=admin).status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unit_price": 1250.0}, "lines.0.unit_price"),
        ({"unit_price": 1250}, "lines.0.unit_price"),
        ({"unit_price": "-1.00"}, "lines.0.unit_price"),
        ({"unit_price": "1.005"}, "lines.0.unit_price"),
        ({"unit_price": "1e3"}, "lines.0.unit_price"),
        ({"unit_price": "1000000.01"}, "lines.0.unit_price"),
        ({"quantity": 1.5}, "lines.0.quantity"),
        ({"quantity": "2"}, "lines.0.quantity"),
        ({"quantity": 0}, "lines.0.quantity"),
        ({"quantity": -1}, "lines.0.quantity"),
        ({"kind": "tip"}, "lines.0.kind"),
        ({"description": ""}, "lines.0.description"),
    ],
)
def test_a_price_that_is_a_number_negative_or_too_fine_is_refused_at_its_field_and_nothing_kept(
    client: TestClient, tenant: TenantKit, change: dict[str, Any], field: str
) -> None:
    customer_id = customer_with(client, tenant, phone(), sms=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    line = {**LINES[0], **change}
    refused = client.post(
        f"/v1/tickets/{ticket_id}/quotes",
        json={"lines": [line]},
        headers=tenant.headers(Role.AGENT),
    )
    assert refused.status_code == 422, refused.text
    assert field in [e["field"] for e in refused.json()["errors"]]
    shown = ticket(client, tenant, ticket_id)
    assert shown["quotes"] == [] and shown["version"] == 1


def test_a_quote_with_no_lines_or_unknown_fields_is_refused(
    client: TestClient, tenant: TenantKit
) -> None:
    customer_id = customer_with(client, tenant, phone(), sms=True)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    url, desk = f"/v1/tickets/{ticket_id}/quotes", tenant.headers(Role.AGENT)
    assert client.post(url, json={"lines": []}, headers=desk).status_code == 422
    extra = {"lines": LINES, "vat_rate": "0"}  # the rate is the tenant's, never the client's
    assert client.post(url, json=extra, headers=desk).status_code == 422
    auditor = tenant.headers(Role.AUDITOR)
    assert client.post(url, json={"lines": LINES}, headers=auditor).status_code == 403


def test_a_quote_sent_by_sms_and_approved_by_a_reply_yes_lets_repair_start(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    number, ticket_id, quote_id = quoted(client, tenant, sms=True)
    [draft] = ticket(client, tenant, ticket_id)["quotes"]
    assert (draft["state"], draft["net"], draft["vat"], draft["gross"]) == (
        "draft",
        "2151.00",
        "322.65",
        "2473.65",
    )
    assert [line["amount"] for line in draft["lines"]] == ["1250.00", "901.00"]

    sent = send(client, tenant, ticket_id, quote_id, "sms")
    assert sent.status_code == 200, sent.text
    [message] = received(lambda: providers.sms.sent_to(number))
    assert (
        "ZAR 2473.65" in message["body"]
        and "Reply YES to approve or NO to decline" in (message["body"])
    )
    shown = ticket(client, tenant, ticket_id)
    assert shown["status"] == "awaiting_approval" and shown["quotes"][0]["state"] == "sent"
    refused = status(client, tenant, ticket_id, "in_repair")
    assert refused.status_code == 409 and refused.json()["code"] == "quote_not_approved"
    by_hand = status(client, tenant, ticket_id, "awaiting_approval")
    assert by_hand.status_code == 409 and by_hand.json()["code"] == "invalid_transition"

    url, secret = f"/v1/webhooks/sms/{tenant.slug}", {"secret": accounts.webhook_secret}
    caught_up(tenant.services)
    answered = client.post(url, json=reply(number, " Yes ", "mo-yes-1"), params=secret)
    assert answered.status_code == 200 and answered.json()["messages"] == 1, answered.text
    again = client.post(url, json=reply(number, " Yes ", "mo-yes-1"), params=secret)
    assert again.json()["unchanged"] == 1  # the provider's retry decides nothing again
    [quote] = ticket(client, tenant, ticket_id)["quotes"]
    decision = quote["decision"]
    assert quote["state"] == "approved" and decision["channel"] == "sms"
    assert decision["by"] == "customer:sms" and decision["approved"] is True
    assert re.fullmatch("[0-9a-f]{64}", decision["source_hash"])
    assert number.lstrip("+")[-7:] not in str(ticket(client, tenant, ticket_id)["timeline"])
    moved = status(client, tenant, ticket_id, "in_repair")
    assert moved.status_code == 200, moved.text


def test_a_reply_no_on_whatsapp_declines_and_the_device_goes_back_unrepaired(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    number, ticket_id, quote_id = quoted(client, tenant, whatsapp=True, sms=True)
    caught_up(tenant.services)
    wrote = inbound(accounts.phone_number_id, number, "How much?", "wamid.quote-ask")
    assert post_whatsapp(client, accounts, wrote).status_code == 200  # WhatsApp's 24 hours
    assert send(client, tenant, ticket_id, quote_id, "whatsapp").status_code == 200
    received(lambda: providers.graph.sent_to(number))
    caught_up(tenant.services)
    sms_url, secret = f"/v1/webhooks/sms/{tenant.slug}", {"secret": accounts.webhook_secret}
    # YES by SMS, for a quote sent on WhatsApp, and "yes please": messages, not decisions
    assert client.post(sms_url, json=reply(number, "YES", "mo-q2"), params=secret).is_success
    please = inbound(accounts.phone_number_id, number, "yes please", "wamid.quote-please")
    assert post_whatsapp(client, accounts, please).status_code == 200
    assert ticket(client, tenant, ticket_id)["quotes"][0]["state"] == "sent"

    no = inbound(accounts.phone_number_id, number, "no.", "wamid.quote-no")
    assert post_whatsapp(client, accounts, no).json()["messages"] == 1
    [quote] = ticket(client, tenant, ticket_id)["quotes"]
    assert quote["state"] == "declined" and quote["decision"]["channel"] == "whatsapp"
    assert status(client, tenant, ticket_id, "in_repair").json()["code"] == "quote_not_approved"
    assert status(client, tenant, ticket_id, "ready_for_collection").status_code == 200


def test_staff_record_a_phone_decision_once_and_a_concurrent_one_gets_409(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    _, ticket_id, quote_id = quoted(client, tenant, sms=True)
    assert send(client, tenant, ticket_id, quote_id, "sms").status_code == 200
    version = ticket(client, tenant, ticket_id)["version"]
    url = f"/v1/tickets/{ticket_id}/quotes/{quote_id}/decision"
    desk = {**tenant.headers(Role.TECHNICIAN), "If-Match": f'"{version}"'}
    no_reason = client.post(url, json={"approved": True}, headers=desk)
    assert no_reason.status_code == 422
    first = client.post(
        url, json={"approved": True, "reason": "Mr N. called at 10:00"}, headers=desk
    )
    assert first.status_code == 200, first.text
    stale = client.post(url, json={"approved": False, "reason": "changed mind"}, headers=desk)
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    [quote] = ticket(client, tenant, ticket_id)["quotes"]
    decision = quote["decision"]
    assert quote["state"] == "approved" and decision["reason"] == "Mr N. called at 10:00"
    assert (decision["channel"], decision["source_hash"]) == ("phone", None)

    # two decisions at once on a second quote: one wins, the other is 409
    revised = client.post(
        f"/v1/tickets/{ticket_id}/quotes", json={"lines": LINES}, headers=tenant.headers()
    )
    second = revised.json()["quote_id"]
    assert send(client, tenant, ticket_id, second, "sms").status_code == 200
    url = f"/v1/tickets/{ticket_id}/quotes/{second}/decision"
    bodies = [{"approved": True, "reason": "yes by phone"}, {"approved": False, "reason": "no"}]
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(lambda b: client.post(url, json=b, headers=tenant.headers(Role.AGENT)), bodies)
        )
    assert sorted(a.status_code for a in answers) == [200, 409]
    [lost] = [a for a in answers if a.status_code == 409]
    assert lost.json()["code"] in ("quote_decided", "version_conflict")
    quotes = ticket(client, tenant, ticket_id)["quotes"]
    assert [q["state"] for q in quotes][0] == "superseded" and len(quotes) == 2
    assert quotes[1]["state"] in ("approved", "declined")


def test_only_the_current_draft_is_sent_and_a_superseded_quote_is_kept(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    _, ticket_id, first = quoted(client, tenant, sms=True)
    revised = client.post(
        f"/v1/tickets/{ticket_id}/quotes", json={"lines": LINES[:1]}, headers=tenant.headers()
    )
    second = revised.json()["quote_id"]
    stale = send(client, tenant, ticket_id, first, "sms")
    assert stale.status_code == 409 and stale.json()["code"] == "quote_superseded"
    unknown = send(client, tenant, ticket_id, "00000000-0000-4000-8000-000000000000", "sms")
    assert unknown.status_code == 404
    no_consent = send(client, tenant, ticket_id, second, "whatsapp")
    assert no_consent.status_code == 409
    assert send(client, tenant, ticket_id, second, "sms").status_code == 200
    again = send(client, tenant, ticket_id, second, "sms")
    assert again.status_code == 409 and again.json()["code"] == "quote_not_awaiting"
    quotes = ticket(client, tenant, ticket_id)["quotes"]
    assert [(q["id"], q["state"]) for q in quotes] == [(first, "superseded"), (second, "sent")]
    kinds = [e["kind"] for e in ticket(client, tenant, ticket_id)["timeline"]]
    assert kinds[-4:] == ["quote_drafted", "quote_drafted", "quote_sent", "status_changed"]


def test_a_decisions_reason_is_sealed_and_goes_with_the_customers_erasure(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    _, ticket_id, quote_id = quoted(client, tenant, sms=True)
    assert send(client, tenant, ticket_id, quote_id, "sms").status_code == 200
    reason = {"approved": False, "reason": "Sipho Mokoena phoned from his office"}
    decided = client.post(
        f"/v1/tickets/{ticket_id}/quotes/{quote_id}/decision",
        json=reason,
        headers=tenant.headers(Role.AGENT),
    )
    assert decided.status_code == 200, decided.text
    auditor = tenant.headers(Role.AUDITOR)
    history = client.get(f"/v1/audit/aggregates/{ticket_id}/events", headers=auditor).json()
    [declined] = [e for e in history["items"] if e["type"] == "Ticket.QuoteDeclined"]
    assert declined["data"]["reason"] == reason["reason"]  # opened for the auditor
    state = client.get(f"/v1/audit/aggregates/{ticket_id}/state", headers=auditor)
    assert state.status_code == 200, state.text
    for topic, state in stored_states(tenant.services, UUID(ticket_id)):
        assert holds_plaintext(state, "Mokoena") == [], topic  # sealed in the store
    caught_up(tenant.services)
    assert "Mokoena" not in dump(tenant.services)  # and in the read models

    customer_id = ticket(client, tenant, ticket_id)["customer_id"]
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    erased = client.post(
        f"/v1/customers/{customer_id}/erasure", json={"reason": "asked"}, headers=officer
    )
    assert erased.status_code == 200, erased.text
    [quote] = ticket(client, tenant, ticket_id)["quotes"]
    assert quote["state"] == "declined" and quote["decision"]["reason"] is None
    assert quote["lines"][0]["description"] == "Display board"  # the shop's words stay


def test_the_customers_own_decision_on_the_status_page_is_signed_and_decided_once(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    accounts = providers.enable(tenant)
    number, ticket_id, quote_id = quoted(client, tenant, sms=True)
    app, source = tenant.services.app, tenant.services.evidence_digest("ip", "198.51.100.7")
    decide = partial(
        decide_as_customer,
        app,
        tenant.id,
        ticket_id=UUID(ticket_id),
        quote_id=UUID(quote_id),
        channel=DecisionChannel.STATUS_PAGE,
        source_hash=source,
    )
    with pytest.raises(QuoteNotAwaitingDecision):
        decide(approved=True, signature_name="Thandi Nkosi")  # a draft is not sent yet
    assert send(client, tenant, ticket_id, quote_id, "sms").status_code == 200
    with pytest.raises(InvalidValue):
        decide(approved=True)  # unsigned
    with pytest.raises(NotFound):
        decide_as_customer(
            app,
            uuid4(),  # another tenant's: not found
            ticket_id=UUID(ticket_id),
            quote_id=UUID(quote_id),
            approved=True,
            channel=DecisionChannel.STATUS_PAGE,
            source_hash=source,
            signature_name="Thandi Nkosi",
        )
    decide(approved=True, signature_name="Thandi Nkosi")
    with pytest.raises(QuoteNotAwaitingDecision) as again:
        decide(approved=False, signature_name="Thandi Nkosi")
    assert again.value.code == "quote_decided"

    caught_up(tenant.services)
    secret = {"secret": accounts.webhook_secret}
    late = client.post(
        f"/v1/webhooks/sms/{tenant.slug}", json=reply(number, "NO", "mo-late"), params=secret
    )
    assert late.json()["messages"] == 1  # the message is kept; the decision stands
    shown = ticket(client, tenant, ticket_id)
    [quote] = shown["quotes"]
    decision = quote["decision"]
    assert quote["state"] == "approved" and decision["signature_name"] == "Thandi Nkosi"
    assert (decision["channel"], decision["by"]) == ("status_page", "customer:status_page")
    assert decision["source_hash"] == source and decision["reason"] is None
    assert any(m["body"] == "NO" for m in shown["messages"])
