"""The customer's side of their status page: the sent quote with Approve and Decline signed by
a typed name (once; a superseded or another ticket's quote refused plainly), the channels they
consented to, by name, each to withdraw, and an objection; each recorded as the customer's own
act and obeyed by the next message; the tenant's notice put on their record at the first visit
only; every post with the public forms' proof, and nothing personal on any page."""

import re
import secrets
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from domain.values import Role
from queries.status_links import status_position
from tests.e2e.api import open_ticket
from tests.e2e.messaging import customer_with, received, ticket, with_templates
from tests.e2e.quoting import LINES, quoted, send
from tests.privacy import NOTICE, from_source, holds_plaintext, stored_states
from tests.providers.accounts import Providers
from tests.support import TenantKit, caught_up

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def link_of(client: TestClient, tenant: TenantKit, ticket_id: str) -> str:
    caught_up(tenant.services)
    got = client.get(f"/v1/tickets/{ticket_id}/status-link", headers=tenant.headers(Role.AGENT))
    assert got.status_code == 200, got.text
    path = "/" + str(got.json()["url"]).split("/", 3)[3]
    return path


def position_of(tenant: TenantKit, path: str) -> int:
    """The log position an open page's live stream last announced."""
    services = tenant.services
    lookup = services.status_links.keys.lookup(path.rsplit("/", 1)[1])
    position = status_position(services.read_store, lookup, services.status_link_lifetime)
    assert position is not None
    return position


def proof(page: Any) -> str:
    found = CSRF.search(page.text)
    assert found is not None, page.text
    return found.group(1)


def customer_of(client: TestClient, tenant: TenantKit, customer_id: str) -> dict[str, Any]:
    caught_up(tenant.services)
    got = client.get(f"/v1/customers/{customer_id}", headers=tenant.headers(Role.AGENT))
    assert got.status_code == 200, got.text
    body: dict[str, Any] = got.json()
    return body


def no_personal_field(text: str, number: str, *more: str) -> None:
    for value in (number, number[3:], number[-7:], "example.org", "Thandi", *more):
        assert value.lower() not in text.lower(), value


def test_the_customer_approves_the_sent_quote_once_signed_and_a_forgery_is_refused(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    number, ticket_id, quote_id = quoted(client, tenant, sms=True, whatsapp=True)
    path = link_of(client, tenant, ticket_id)
    public = from_source(tenant.services)
    before = public.get(path)
    assert before.status_code == 200 and "Your quote" not in before.text

    assert send(client, tenant, ticket_id, quote_id, "sms").status_code == 200
    [message] = received(lambda: providers.sms.sent_to(number))
    assert "Or answer on your repair's page: http" in message["body"]
    assert message["body"].rstrip().endswith(path)
    caught_up(tenant.services)
    page = public.get(path)
    assert page.status_code == 200, page.text
    for shown in ("Your quote", "Display board", "Bench hour", "2151.00", "ZAR 2473.65"):
        assert shown in page.text
    no_personal_field(page.text, number)
    form = {"csrf": proof(page), "quote_id": quote_id, "decision": "approve"}

    assert public.post(f"{path}/quote", data={**form, "csrf": ""}).status_code == 403
    stranger = from_source(tenant.services)
    assert stranger.post(f"{path}/quote", data=form).status_code == 403, "another's proof"
    evil = public.post(f"{path}/quote", data=form, headers={"origin": "https://evil.example"})
    assert evil.status_code == 403
    unsigned = public.post(f"{path}/quote", data=form)
    assert unsigned.status_code == 422 and "type your name to sign" in unsigned.text.lower()
    odd = public.post(f"{path}/quote", data={**form, "decision": "maybe", "signature_name": "T"})
    assert odd.status_code == 422 and "approve or decline" in odd.text.lower()
    junk = public.post(f"{path}/quote", data={**form, "quote_id": "x", "signature_name": "T"})
    assert junk.status_code == 422
    fake = "/status/" + "A" * 43
    assert public.post(f"{fake}/quote", data={**form, "signature_name": "T"}).status_code == 404

    signed = {**form, "signature_name": "Thandi Nkosi"}
    before = position_of(tenant, path)
    approved = public.post(f"{path}/quote", data=signed)
    assert approved.status_code == 200, approved.text
    assert "You approved the quote." in approved.text and "Your quote" not in approved.text
    no_personal_field(approved.text, number, "Nkosi")
    again = public.post(f"{path}/quote", data={**signed, "decision": "decline"})
    assert again.status_code == 409 and "the quote is approved" in again.text
    [quote] = ticket(client, tenant, ticket_id)["quotes"]
    assert position_of(tenant, path) > before, "an open page reloads on the decision"
    decision = quote["decision"]
    assert quote["state"] == "approved" and decision["by"] == "customer:status_page"
    assert decision["channel"] == "status_page" and decision["signature_name"] == "Thandi Nkosi"
    assert re.fullmatch("[0-9a-f]{64}", decision["source_hash"])


def test_another_tickets_or_a_superseded_quote_is_refused_plainly(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    _, mine, quote_id = quoted(client, tenant, sms=True)
    _, theirs, their_quote = quoted(client, tenant, sms=True)
    for ticket_id, quote in ((mine, quote_id), (theirs, their_quote)):
        assert send(client, tenant, ticket_id, quote, "sms").status_code == 200
    path = link_of(client, tenant, mine)
    public = from_source(tenant.services)
    form = {"csrf": proof(public.get(path)), "decision": "approve", "signature_name": "T"}
    stranger = public.post(f"{path}/quote", data={**form, "quote_id": their_quote})
    assert stranger.status_code == 404, stranger.text
    assert "quote of the ticket" in stranger.text, stranger.text[-1500:]
    assert ticket(client, tenant, theirs)["quotes"][0]["state"] == "sent"

    redrafted = client.post(
        f"/v1/tickets/{mine}/quotes",
        json={"lines": LINES[:1]},
        headers=tenant.headers(Role.TECHNICIAN),
    )
    assert redrafted.status_code == 201, redrafted.text
    old = public.post(f"{path}/quote", data={**form, "quote_id": quote_id})
    assert old.status_code == 409 and "a later quote supersedes this one" in old.text


def test_the_customer_withdraws_sms_consent_and_objects_and_staff_messages_obey(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    number, ticket_id, quote_id = quoted(client, tenant, sms=True, whatsapp=True)
    customer_id = ticket(client, tenant, ticket_id)["customer_id"]
    path = link_of(client, tenant, ticket_id)
    public = from_source(tenant.services)
    page = public.get(path)
    assert "Stop messages by SMS" in page.text and "Stop messages by WhatsApp" in page.text
    assert "Stop messages by email" not in page.text
    no_personal_field(page.text, number)
    csrf = proof(page)

    assert public.post(f"{path}/consents/sms/withdrawal").status_code == 403
    email = public.post(f"{path}/consents/email/withdrawal", data={"csrf": csrf})
    assert email.status_code == 422, "no consent to email to withdraw"
    bogus = public.post(f"{path}/consents/fax/withdrawal", data={"csrf": csrf})
    assert bogus.status_code == 422
    withdrawn = public.post(f"{path}/consents/sms/withdrawal", data={"csrf": csrf})
    assert withdrawn.status_code == 200, withdrawn.text
    assert "You will get no more messages by SMS." in withdrawn.text
    assert "Stop messages by SMS" not in withdrawn.text
    no_personal_field(withdrawn.text, number)
    consents = customer_of(client, tenant, customer_id)["consents"]
    assert consents["sms"]["granted"] is False and consents["sms"]["source"] == "status page"
    refused = send(client, tenant, ticket_id, quote_id, "sms")
    assert refused.status_code == 409 and refused.json()["code"] == "no_consent"

    objected = public.post(f"{path}/objection", data={"csrf": csrf})
    assert objected.status_code == 200 and "Your objection is recorded" in objected.text
    assert "Stop messages by" not in objected.text
    assert customer_of(client, tenant, customer_id)["restricted"] is True
    by_whatsapp = send(client, tenant, ticket_id, quote_id, "whatsapp")
    assert by_whatsapp.status_code == 409
    assert by_whatsapp.json()["code"] == "processing_restricted"
    again = public.post(f"{path}/objection", data={"csrf": csrf})
    assert again.status_code == 422 and "You objected" in again.text


def test_an_erased_customer_has_nothing_to_withdraw(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    number, ticket_id, _ = quoted(client, tenant, sms=True)
    customer_id = ticket(client, tenant, ticket_id)["customer_id"]
    path = link_of(client, tenant, ticket_id)
    public = from_source(tenant.services)
    csrf = proof(public.get(path))
    erasure = {"ground": "data_subject_request", "reason": "asked"}
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    erased = client.post(f"/v1/customers/{customer_id}/erasure", json=erasure, headers=officer)
    assert erased.status_code == 200, erased.text
    page = public.get(path)
    assert page.status_code == 200 and "nothing for you to choose" in page.text
    assert "Stop messages by" not in page.text and "Object to" not in page.text
    for act in ("consents/sms/withdrawal", "objection"):
        refused = public.post(f"{path}/{act}", data={"csrf": csrf})
        assert refused.status_code == 422, refused.text
    no_personal_field(page.text, number)


def test_the_notice_is_put_on_the_record_at_the_first_visit_of_its_version_only(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    admin = tenant.headers(Role.ADMIN)
    assert client.post("/v1/tenant/privacy-notices", json=NOTICE, headers=admin).status_code == 201
    _, ticket_id, _ = quoted(client, tenant, sms=True)
    customer_id = ticket(client, tenant, ticket_id)["customer_id"]
    path = link_of(client, tenant, ticket_id)
    public = from_source(tenant.services)
    for _ in range(3):
        page = public.get(path)
        assert page.status_code == 200 and f'href="/privacy/{tenant.slug}"' in page.text

    def given() -> list[tuple[int, str]]:
        url = f"/v1/customers/{customer_id}/privacy-notices"
        notices = client.get(url, headers=tenant.headers(Role.AGENT)).json()["items"]
        return [(n["version"], n["how"]) for n in notices]

    assert given() == [(1, "status_page")]
    second = {**NOTICE, "purpose": "To repair your device and to ask how we did."}
    assert client.post("/v1/tenant/privacy-notices", json=second, headers=admin).status_code == 201
    public.get(path)
    public.get(path)
    assert given() == [(1, "status_page"), (2, "status_page")]


def closed_ticket(client: TestClient, tenant: TenantKit) -> tuple[str, str]:
    """A ticket (its number and id) of a new customer, closed as repaired."""
    number, ticket_id, _ = quoted(client, tenant, sms=True)
    closure = {"resolution": "repaired", "summary": "Board replaced"}
    closed = client.post(
        f"/v1/tickets/{ticket_id}/closure", json=closure, headers=tenant.headers(Role.AGENT)
    )
    assert closed.status_code == 200, closed.text
    return number, ticket_id


def test_a_closed_repair_is_rated_once_when_the_shop_asks_and_the_reports_count_it(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    admin = tenant.headers(Role.ADMIN)
    assert client.get("/v1/tenant/satisfaction", headers=admin).json() == {"asked": False}
    number, ticket_id = closed_ticket(client, tenant)
    path = link_of(client, tenant, ticket_id)
    public = from_source(tenant.services)
    page = public.get(path)
    assert "How did we do?" not in page.text
    csrf = proof(page)
    unasked = public.post(f"{path}/satisfaction", data={"csrf": csrf, "rating": "5"})
    assert unasked.status_code == 409 and "does not ask" in unasked.text

    agent = tenant.headers(Role.AGENT)
    denied = client.put("/v1/tenant/satisfaction", json={"asked": True}, headers=agent)
    assert denied.status_code == 403
    bad = client.put("/v1/tenant/satisfaction", json={"asked": "yes"}, headers=admin)
    assert bad.status_code == 422
    set_ = client.put("/v1/tenant/satisfaction", json={"asked": True}, headers=admin)
    assert set_.status_code == 200, set_.text
    assert client.get("/v1/tenant/satisfaction", headers=agent).json() == {"asked": True}

    page = public.get(path)
    assert "How did we do?" in page.text
    assert public.post(f"{path}/satisfaction", data={"rating": "5"}).status_code == 403
    for wrong in ("0", "6", "4.5", ""):
        refused = public.post(f"{path}/satisfaction", data={"csrf": csrf, "rating": wrong})
        assert refused.status_code == 422, wrong
    comment = "Quigglesworth fixed it fast"
    rated = public.post(
        f"{path}/satisfaction", data={"csrf": csrf, "rating": "4", "comment": comment}
    )
    assert rated.status_code == 200 and "your rating is recorded" in rated.text
    assert "How did we do?" not in rated.text and comment not in rated.text
    no_personal_field(rated.text, number)
    again = public.post(f"{path}/satisfaction", data={"csrf": csrf, "rating": "1"})
    assert again.status_code == 409 and "rated already" in again.text
    for topic, state in stored_states(tenant.services, UUID(ticket_id)):
        assert holds_plaintext(state, "Quigglesworth") == [], topic

    _, other = closed_ticket(client, tenant)
    other_path = link_of(client, tenant, other)
    other_page = public.get(other_path)
    assert (
        public.post(
            f"{other_path}/satisfaction", data={"csrf": proof(other_page), "rating": "1"}
        ).status_code
        == 200
    )
    _, open_one, _ = quoted(client, tenant, sms=True)
    open_path = link_of(client, tenant, open_one)
    open_page = public.get(open_path)
    assert "How did we do?" not in open_page.text
    not_closed = public.post(
        f"{open_path}/satisfaction", data={"csrf": proof(open_page), "rating": "5"}
    )
    assert not_closed.status_code == 409 and "once it is closed" in not_closed.text

    caught_up(tenant.services)
    summary = client.get("/v1/reports/summary", headers=admin)
    assert summary.status_code == 200, summary.text
    [week] = summary.json()["satisfaction"]
    assert (week["count"], week["average"]) == (2, 2.5)


def test_after_withdrawing_sms_on_the_page_the_automatic_sms_is_not_sent(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    with_templates(client, tenant, ready_for_collection="ready")
    tickets = {}
    for who in ("withdrew", "kept"):
        number = f"+2784{secrets.randbelow(10**7):07d}"
        customer_id = customer_with(client, tenant, number, sms=True)
        tickets[who] = (number, open_ticket(client, tenant.headers(), customer_id)["id"])
    number, ticket_id = tickets["withdrew"]
    path = link_of(client, tenant, ticket_id)
    public = from_source(tenant.services)
    withdrawn = public.post(
        f"{path}/consents/sms/withdrawal", data={"csrf": proof(public.get(path))}
    )
    assert withdrawn.status_code == 200, withdrawn.text
    technician = tenant.headers(Role.TECHNICIAN)
    for _, moved in tickets.values():
        for status in ("diagnosing", "ready_for_collection"):
            answer = client.post(
                f"/v1/tickets/{moved}/status", json={"status": status}, headers=technician
            )
            assert answer.status_code == 200, answer.text
    kept_number, _ = tickets["kept"]
    [ready] = received(lambda: providers.sms.sent_to(kept_number))
    assert "is ready for collection" in ready["body"]
    caught_up(tenant.services)
    assert providers.sms.sent_to(number) == []


def test_posts_count_against_the_addresss_limit_like_pages(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    providers.enable(tenant)
    _, ticket_id, _ = quoted(client, tenant, sms=True)
    path = link_of(client, tenant, ticket_id)
    public = from_source(tenant.services)
    answers = [public.post(f"{path}/objection").status_code for _ in range(200)]
    assert set(answers) == {403, 429} and answers[-1] == 429
    refused = public.post(f"{path}/quote", data={"decision": "approve"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert public.get(path).status_code == 429


def test_a_nul_byte_or_an_overlong_text_from_the_customer_is_refused_and_nothing_stops(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    """The customer's typed texts (a signature, a comment) meet the rules every text does: a
    control character or a text past its length is a 422, never a 500 or a stored event that a
    read model cannot take; the next good post is recorded and shown."""
    providers.enable(tenant)
    _, ticket_id, quote_id = quoted(client, tenant, sms=True)
    assert send(client, tenant, ticket_id, quote_id, "sms").status_code == 200
    path = link_of(client, tenant, ticket_id)
    public = from_source(tenant.services)
    form = {"csrf": proof(public.get(path)), "quote_id": quote_id, "decision": "approve"}
    for signature in ("Tha\x00ndi", "Thandi\x1b[31m", "T" * 100_000):
        refused = public.post(f"{path}/quote", data={**form, "signature_name": signature})
        assert refused.status_code in (413, 422), (signature[:12], refused.status_code)
    assert ticket(client, tenant, ticket_id)["quotes"][0]["state"] == "sent"
    signed = public.post(f"{path}/quote", data={**form, "signature_name": "Thandi Nkosi"})
    assert signed.status_code == 200, signed.text

    admin = tenant.headers(Role.ADMIN)
    assert client.put("/v1/tenant/satisfaction", json={"asked": True}, headers=admin).is_success
    _, closed_id = closed_ticket(client, tenant)
    closed_path = link_of(client, tenant, closed_id)
    csrf = proof(public.get(closed_path))
    for comment in ("fast\x00fix", "x" * 100_000):
        rated = {"csrf": csrf, "rating": "5", "comment": comment}
        refused = public.post(f"{closed_path}/satisfaction", data=rated)
        assert refused.status_code in (413, 422), (comment[:12], refused.status_code)
    good = {"csrf": csrf, "rating": "4", "comment": "Fixed fast"}
    assert public.post(f"{closed_path}/satisfaction", data=good).status_code == 200
    caught_up(tenant.services)
    assert "How did we do?" not in public.get(closed_path).text, "rated once, then not asked"
