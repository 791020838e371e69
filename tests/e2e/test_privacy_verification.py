"""Proof of identity before a privacy right is exercised: the code goes to the address on
record only, the requester learns nothing about who is on record, codes and download links are
one-time, and an unverified request never produces an export."""

import re
import secrets
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from adapters.privacy_secrets import DOWNLOADS
from domain.context import RequestContext
from domain.identity_check import IdentityCheck, identity_check_id_for
from domain.privacy_request import PrivacyRequest, RequestKind
from domain.privacy_verification import MAX_TRIES, VerifiedBy, request_id_for
from domain.values import Role
from tests.e2e.api import register_customer
from tests.e2e.messaging import received
from tests.privacy import from_source
from tests.providers.accounts import Providers
from tests.support import TenantKit, caught_up, event_count

CODE = re.compile(r"\b(\d{6})\b")
LINK = re.compile(r"(http\S+/v1/public/privacy-downloads/(\S+))")


def on_record(client: TestClient, tenant: TenantKit, providers: Providers) -> tuple[str, str]:
    """A customer of the tenant (at the local providers), with no consent to email at all."""
    providers.enable(tenant)
    email = f"p{secrets.token_hex(4)}@example.org"
    phone = "+2783" + "".join(secrets.choice("0123456789") for _ in range(7))
    consents = {"whatsapp": False, "sms": False, "email": False}
    customer_id = register_customer(
        client, tenant.headers(Role.AGENT), email=email, phone=phone, consents=consents
    )
    caught_up(tenant.services)
    return customer_id, email


def ask(public: TestClient, tenant: TenantKit, email: str, kind: str = "access") -> Any:
    form = {"kind": kind, "name": "Thandi Nkosi", "email": email, "details": "all of it"}
    return public.post(f"/v1/public/{tenant.slug}/privacy-requests", json=form)


def text_of(mail: Any) -> str:
    return "".join(
        p.get_payload(decode=True).decode()
        for p in mail.walk()
        if p.get_content_type() == "text/plain"
    )


def enter(public: TestClient, tenant: TenantKit, reference: str, code: str) -> Any:
    return public.post(
        f"/v1/public/{tenant.slug}/privacy-requests/{reference}/verification", json={"code": code}
    )


def listed(client: TestClient, tenant: TenantKit, reference: str, status: str) -> list[str]:
    caught_up(tenant.services)
    page = client.get(
        "/v1/privacy-requests",
        params={"status": status, "limit": 200},
        headers=tenant.headers(Role.COMPLIANCE_OFFICER),
    )
    assert page.status_code == 200, page.text
    return [r["reference"] for r in page.json()["items"] if r["reference"] == reference]


def test_a_person_on_record_verifies_and_downloads_their_export_once(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    customer_id, email = on_record(client, tenant, providers)
    public = from_source(tenant.services)
    receipt = ask(public, tenant, email.upper())
    assert receipt.status_code == 202, receipt.text
    reference = receipt.json()["reference"]
    assert listed(client, tenant, reference, "unverified") == [reference]
    assert listed(client, tenant, reference, "ready") == []

    [mail] = received(lambda: providers.smtp.mailbox.to(email))
    assert reference in mail["Subject"]
    code = CODE.search(text_of(mail))
    assert code is not None
    wrong = f"{(int(code.group(1)) + 1) % 10**6:06d}"
    refused = enter(public, tenant, reference, wrong)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "code"

    verified = enter(public, tenant, reference, code.group(1))
    assert verified.status_code == 200, verified.text
    assert verified.json() == {"reference": reference, "verified": True}
    again = enter(public, tenant, reference, code.group(1))
    assert again.status_code == 422, "a code works once"
    assert listed(client, tenant, reference, "ready") == [reference]

    [_, link_mail] = received(lambda: providers.smtp.mailbox.to(email), 2)
    found = LINK.search(text_of(link_mail))
    assert found is not None and found.group(1).startswith("http://127.0.0.1:8000/")
    token = found.group(2)
    assert len(token) >= 32 + 32, "128 random bits and more after the request's id"
    download = public.get(f"{DOWNLOADS}/{token}")
    assert download.status_code == 200, download.text
    export = download.json()
    assert (export["id"], export["email"]) == (customer_id, email)
    second = public.get(f"{DOWNLOADS}/{token}")
    assert second.status_code == 404, "the link is for one download"
    guessed = public.get(f"{DOWNLOADS}/{token[:32]}{secrets.token_urlsafe(24)}")
    assert guessed.status_code == 404 and guessed.json() == second.json()

    request = tenant.services.app.find(PrivacyRequest, request_id_for(tenant.id, reference))
    assert request is not None and str(request.customer_id) == customer_id
    assert "Verified" in [type(e).__name__ for e in tenant.services.app.events.get(request.id)]
    check_id = identity_check_id_for(request.id)
    kinds = [type(e).__name__ for e in tenant.services.app.events.get(check_id)]
    assert kinds.count("ExportDownloaded") == 1 and kinds.count("ExportDownloadRefused") == 2
    assert kinds.count("VerificationFailed") == 1 and kinds.count("CodeAccepted") == 1
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    caught_up(tenant.services)
    shown = client.get(f"/v1/privacy-requests/{request.id}", headers=officer).json()
    assert (shown["verified"], shown["verified_by"], shown["downloads"]) == (True, "code", 1)

    desk = tenant.headers(Role.AGENT)
    messages = client.get(f"/v1/customers/{customer_id}/messages", headers=desk).json()["items"]
    assert {m["purpose"] for m in messages} == {"privacy_verification", "privacy_export_link"}
    assert not [m for m in messages if code.group(1) in m["body"] or token in m["body"]]
    triage = client.get("/v1/messages/triage", params={"limit": 200}, headers=desk).json()
    assert customer_id not in {m.get("customer_id") for m in triage["items"]}


def test_an_expired_link_is_refused(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    """A link sent 25 hours ago opens nothing, over the download path."""
    customer_id, email = on_record(client, tenant, providers)
    services, then = tenant.services, datetime.now(UTC) - timedelta(hours=25)
    request = PrivacyRequest.receive(
        tenant_id=tenant.id,
        kind=RequestKind.ACCESS,
        name="Thandi Nkosi",
        email=email,
        phone=None,
        details=None,
        now=then,
    )
    secrets_ = services.privacy_secrets
    check = IdentityCheck.start(tenant.id, request.id)
    code = secrets_.new_code(request.id)
    check.send_code(code.digest, then, UUID(customer_id), "email")
    assert check.enter_code(code.digest, then) == UUID(customer_id)
    request.link(UUID(customer_id))
    request.verify(VerifiedBy.CODE, None)
    link = secrets_.new_link(request.id)
    token = link.secret.rsplit("/", 1)[1]
    check.send_link(link.digest, then, UUID(customer_id), uuid4())
    services.app.commit(_ctx(tenant), request, check)
    expired = from_source(services).get(f"{DOWNLOADS}/{token}")
    assert expired.status_code == 404
    kinds = [type(e).__name__ for e in services.app.events.get(check.id)]
    assert kinds[-1] == "ExportDownloadRefused" and "ExportDownloaded" not in kinds


def test_a_request_for_nobody_is_answered_alike_and_sends_nothing(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    _, email = on_record(client, tenant, providers)
    public = from_source(tenant.services)
    mails = len(providers.smtp.mailbox.mails)
    nobody = f"nobody-{secrets.token_hex(4)}@example.org"
    for_nobody, for_someone = ask(public, tenant, nobody), ask(public, tenant, email)
    assert for_nobody.status_code == for_someone.status_code == 202
    assert set(for_nobody.json()) == set(for_someone.json()) == {"reference", "due_by"}
    received(lambda: providers.smtp.mailbox.to(email))
    caught_up(tenant.services)
    assert providers.smtp.mailbox.to(nobody) == []
    assert len(providers.smtp.mailbox.mails) == mails + 1, "only the one on record got a code"
    answers = [
        enter(public, tenant, r.json()["reference"], "000000") for r in (for_nobody, for_someone)
    ]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json()["detail"] == answers[1].json()["detail"]
    codes = [
        public.post(
            f"/v1/public/{tenant.slug}/privacy-requests/{r.json()['reference']}/verification-code"
        )
        for r in (for_nobody, for_someone)
    ]
    assert [c.status_code for c in codes] == [202, 202]


def test_a_request_for_nobody_takes_about_as_long_as_one_for_someone(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    """The same order of magnitude: the time does not tell whether a person is on record."""
    _, email = on_record(client, tenant, providers)
    took: dict[str, list[float]] = {"nobody": [], "someone": []}
    for _ in range(5):
        for who, address in (
            ("nobody", f"n{secrets.token_hex(4)}@example.org"),
            ("someone", email),
        ):
            public = from_source(tenant.services)
            started = time.perf_counter()
            assert ask(public, tenant, address).status_code == 202
            took[who].append(time.perf_counter() - started)
    nobody, someone = (statistics.median(took[w]) for w in ("nobody", "someone"))
    assert max(nobody, someone) < 10 * min(nobody, someone), took


def test_wrong_codes_lock_the_request_until_a_new_code(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    """A million codes, MAX_TRIES tries each: a guess finds the code one time in 200,000."""
    _, email = on_record(client, tenant, providers)
    public = from_source(tenant.services)
    reference = ask(public, tenant, email).json()["reference"]
    [mail] = received(lambda: providers.smtp.mailbox.to(email))
    code = CODE.search(text_of(mail))
    assert code is not None
    guesses = [f"{n:06d}" for n in range(10**6) if f"{n:06d}" != code.group(1)]
    tries = [enter(public, tenant, reference, guess).status_code for guess in guesses[:MAX_TRIES]]
    assert tries == [422] * MAX_TRIES and MAX_TRIES <= 5
    locked = enter(public, tenant, reference, code.group(1))
    assert locked.status_code == 409 and locked.json()["code"] == "verification_locked"
    before = event_count(tenant.services)
    assert enter(public, tenant, reference, guesses[MAX_TRIES]).status_code == 409
    assert event_count(tenant.services) == before, "a locked request records no more tries"
    fresh = public.post(f"/v1/public/{tenant.slug}/privacy-requests/{reference}/verification-code")
    assert fresh.status_code == 202, fresh.text
    [_, new_mail] = received(lambda: providers.smtp.mailbox.to(email), 2)
    new_code = CODE.search(text_of(new_mail))
    assert new_code is not None
    if new_code.group(1) != code.group(1):
        assert enter(public, tenant, reference, code.group(1)).status_code == 422, "old code gone"
    assert enter(public, tenant, reference, new_code.group(1)).status_code == 200


def test_an_unverified_request_never_produces_an_export(
    client: TestClient, tenant: TenantKit, providers: Providers
) -> None:
    customer_id, email = on_record(client, tenant, providers)
    public = from_source(tenant.services)
    reference = ask(public, tenant, email).json()["reference"]
    request_id = request_id_for(tenant.id, reference)
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    linked = client.put(
        f"/v1/privacy-requests/{request_id}/customer",
        json={"customer_id": customer_id},
        headers=officer,
    )
    assert linked.status_code == 200, linked.text
    link = client.post(f"/v1/privacy-requests/{request_id}/export-link", headers=officer)
    assert link.status_code == 409 and link.json()["code"] == "request_unverified"
    done = client.post(
        f"/v1/privacy-requests/{request_id}/resolution",
        json={"outcome": "completed", "note": "sent"},
        headers=officer,
    )
    assert done.status_code == 409 and done.json()["code"] == "request_unverified"
    forged = public.get(f"{DOWNLOADS}/{request_id.hex}{secrets.token_urlsafe(24)}")
    assert forged.status_code == 404
    checked = client.post(
        f"/v1/privacy-requests/{request_id}/verification",
        json={"reason": "ID book seen at the desk"},
        headers=officer,
    )
    assert checked.status_code == 200, checked.text
    twice = client.post(
        f"/v1/privacy-requests/{request_id}/verification",
        json={"reason": "again"},
        headers=officer,
    )
    assert twice.status_code == 409 and twice.json()["code"] == "already_verified"
    sent = client.post(f"/v1/privacy-requests/{request_id}/export-link", headers=officer)
    assert sent.status_code == 200, sent.text
    [_, link_mail] = received(lambda: providers.smtp.mailbox.to(email), 2)
    assert LINK.search(text_of(link_mail)) is not None
    caught_up(tenant.services)
    shown = client.get(f"/v1/privacy-requests/{request_id}", headers=officer).json()
    assert (shown["verified"], shown["verified_by"]) == (True, "staff")


def _ctx(tenant: TenantKit) -> RequestContext:
    return RequestContext(tenant_id=tenant.id, actor="public")
