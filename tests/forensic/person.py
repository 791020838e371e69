"""A person with everything the service can hold of them, made of random values through the
HTTP API: details (registered with an idempotency key) and a correction, a consent with its
source, a device, a ticket with notes, a repair and a closure, a message each way, and a privacy
request linked to them."""

import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import CUSTOMER, open_ticket
from tests.e2e.messaging import received
from tests.privacy import linked_privacy_request
from tests.providers.accounts import Providers
from tests.providers.bulksms import reply
from tests.support import TenantKit


def token() -> str:
    return uuid4().hex[:12]


def phone() -> str:
    return "+2782" + "".join(secrets.choice("0123456789") for _ in range(7))


def random_values() -> dict[str, str]:
    """The person's values, each one that cannot turn up anywhere by chance."""
    name, number, corrected = f"Thandeka{token()}", phone(), phone()
    values = {
        "name": name,
        "surname": f"Nkosi{token()}",
        "phone": number,
        "corrected_phone": corrected,
        "email": f"t.{token()}@example.org",
        "consent_source": f"phone call with {name} ref {token()}",
        "fault": f"Fault {token()} after the storm",
        "note": f"Note {token()} call after five",
        "outgoing": f"Your quote {token()} is ready",
        "incoming": f"Reply {token()} from me",
        "repair": f"Repair {token()} relay swapped",
        "summary": f"Summary {token()} all good",
        "request_details": f"Details {token()} please delete me",
        "reason": f"requested by {name} on {corrected} ({token()})",
    }
    # a phone number stored without its plus sign is found too
    return values | {"phone_digits": number[1:], "corrected_phone_digits": corrected[1:]}


@dataclass(frozen=True)
class Person:
    customer_id: UUID
    ticket_id: UUID
    request_id: UUID
    serial: str
    fingerprint: bytes  # the registration's body as an examiner's guess would hash it


def a_person_with_a_history(
    client: TestClient, tenant: TenantKit, providers: Providers, values: dict[str, str]
) -> Person:
    accounts = providers.enable(tenant)
    desk = tenant.headers(Role.ADMIN)
    details = {key: values[key] for key in ("name", "surname", "phone", "email")}
    none = {"whatsapp": False, "sms": False, "email": False}
    registration = {**CUSTOMER, **details, "consents": none}
    registered = client.post(
        "/v1/customers",
        json=registration,
        headers={**desk, "Idempotency-Key": f"register-{token()}"},
    )
    assert registered.status_code == 201, registered.text
    customer_id = registered.json()["id"]
    customer = f"/v1/customers/{customer_id}"
    serial = f"FX{token()}".upper()
    device = {"make": "Sunsynk", "model": "8kW hybrid", "serial_number": serial}
    writes = [
        (client.patch, customer, {"phone": values["corrected_phone"]}),
        (
            client.put,
            f"{customer}/consents/sms",
            {"granted": True, "source": values["consent_source"]},
        ),
        (client.post, f"{customer}/devices", device),
    ]
    for write, url, body in writes:
        answer = write(url, json=body, headers=desk)
        assert answer.status_code in (200, 201), answer.text
    ticket_id = open_ticket(
        client, desk, customer_id, device=device, fault_description=values["fault"]
    )["id"]
    ticket = f"/v1/tickets/{ticket_id}"
    for path, body in [
        ("notes", {"body": values["note"]}),
        ("messages", {"channel": "sms", "body": values["outgoing"]}),
    ]:
        answer = client.post(f"{ticket}/{path}", json=body, headers=desk)
        assert answer.status_code in (201, 202), answer.text
    received(lambda: providers.sms.sent_to(values["corrected_phone"]))
    answer = client.post(
        f"/v1/webhooks/sms/{tenant.slug}",
        json=reply(values["corrected_phone"], values["incoming"], f"mo-{token()}"),
        params={"secret": accounts.webhook_secret},
    )
    assert answer.status_code == 200 and answer.json()["messages"] == 1, answer.text
    repair = {"kind": "part_replaced", "description": values["repair"], "part_number": "RLY-7"}
    for path, body in [
        ("repairs", repair),
        ("closure", {"resolution": "repaired", "summary": values["summary"]}),
    ]:
        answer = client.post(f"{ticket}/{path}", json=body, headers=desk)
        assert answer.status_code in (200, 201), answer.text
    request_id = _linked_request(client, tenant, values, customer_id)
    return Person(UUID(customer_id), UUID(ticket_id), request_id, serial, _guessed(registration))


def _guessed(body: Mapping[str, object]) -> bytes:
    """What an examiner who guesses the registration's body computes to confirm it was this
    person: the request's SHA-256, as the idempotency record's fingerprint is made today
    (adapters/http/deps.py)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(b"POST /v1/customers\n" + canonical).digest()


def _linked_request(
    client: TestClient, tenant: TenantKit, values: dict[str, str], customer_id: str
) -> UUID:
    """The person's privacy request, sent from the public form and linked to them by staff."""
    form = {
        "kind": "deletion",
        "name": f"{values['name']} {values['surname']}",
        "email": values["email"],
        "phone": values["corrected_phone"],
        "details": values["request_details"],
    }
    return linked_privacy_request(client, tenant, form, customer_id)
