"""Erasure over HTTP: the person's plaintext is gone from the whole database, nothing else is."""

import secrets
from uuid import UUID

import psycopg
from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from domain.values import Role
from tests.e2e.api import open_ticket, register_customer
from tests.privacy import dump, holds_plaintext, linked_privacy_request, stored_states
from tests.support import TenantKit, caught_up


def random_person() -> dict[str, str]:
    """Texts that cannot turn up in a dump by chance (each has characters hex never has)."""
    return {
        "name": f"Name{secrets.token_hex(6)}",
        "surname": f"Surname{secrets.token_hex(6)}",
        "phone": "+2782" + "".join(secrets.choice("0123456789") for _ in range(7)),
        "email": f"{secrets.token_hex(6)}@example.org",
        "fault": f"Fault {secrets.token_hex(8)} after the storm",
        "corrected_fault": f"Fault {secrets.token_hex(8)} since the surge",
        "note": f"Note {secrets.token_hex(8)} call after five",
        "repair": f"Repair {secrets.token_hex(8)} relay swapped",
        "summary": f"Summary {secrets.token_hex(8)} all good",
        "source": f"Consent {secrets.token_hex(8)} by phone",
        "reason": f"Reason {secrets.token_hex(8)} asked in the shop",
    }


def event_rows(services: Services) -> tuple[int, int]:
    with psycopg.connect(services.database_url) as conn:
        row = conn.execute("SELECT count(*), max(notification_id) FROM aftersales_events")
        count, head = row.fetchone() or (0, 0)
    return int(count), int(head)


def rows_up_to(services: Services, head: int) -> int:
    with psycopg.connect(services.database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM aftersales_events WHERE notification_id <= %s", (head,)
        ).fetchone()
    return int(row[0]) if row else 0


def a_customer_with_a_history(
    client: TestClient, tenant: TenantKit, person: dict[str, str]
) -> tuple[str, str, str]:
    """A customer with a closed ticket, and a privacy request of theirs linked to them."""
    admin = tenant.headers(Role.ADMIN)
    customer_id = register_customer(
        client,
        admin,
        name=person["name"],
        surname=person["surname"],
        phone=person["phone"],
        email=person["email"],
    )
    consent = {"granted": True, "source": person["source"]}
    answer = client.put(f"/v1/customers/{customer_id}/consents/sms", json=consent, headers=admin)
    assert answer.status_code == 200, answer.text
    ticket = open_ticket(client, admin, customer_id, fault_description=person["fault"])["id"]
    for path, body in [
        ("corrections", {"fault_description": person["corrected_fault"]}),
        ("notes", {"body": person["note"]}),
        (
            "repairs",
            {"kind": "part_replaced", "description": person["repair"], "part_number": "RLY-7"},
        ),
        ("closure", {"resolution": "repaired", "summary": person["summary"]}),
    ]:
        answer = client.post(f"/v1/tickets/{ticket}/{path}", json=body, headers=admin)
        assert answer.status_code in (200, 201), answer.text
    form = {
        "kind": "deletion",
        "name": person["name"],
        "email": person["email"],
        "details": person["fault"],
    }
    request_id = linked_privacy_request(client, tenant, form, customer_id)
    return customer_id, ticket, str(request_id)


def test_after_an_erasure_a_dump_of_the_database_holds_nothing_of_the_person(
    client: TestClient, tenant: TenantKit
) -> None:
    services = tenant.services
    person = random_person()
    customer_id, ticket_id, request_id = a_customer_with_a_history(client, tenant, person)
    texts = list(person.values())
    ids = (UUID(customer_id), UUID(ticket_id), UUID(request_id))
    for topic, state in stored_states(services, *ids):
        assert holds_plaintext(state, *texts) == [], topic
    caught_up(services)
    before = dump(services)
    assert ticket_id in before and request_id in before  # the dump has the person's rows
    assert [text for text in texts if text in before] == []  # every read model seals them
    count, head = event_rows(services)

    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    why = {"ground": "data_subject_request", "reason": person["reason"]}
    erased = client.post(f"/v1/customers/{customer_id}/erasure", json=why, headers=officer)
    assert erased.status_code == 200, erased.text
    caught_up(services)
    for topic, state in stored_states(services, *ids):
        assert holds_plaintext(state, *texts) == [], topic

    after = dump(services)
    assert [text for text in texts if text in after] == []
    assert rows_up_to(services, head) == count
    assert event_rows(services)[0] > count


def test_an_erased_person_reads_null_and_erased_while_devices_and_repairs_stay(
    client: TestClient, tenant: TenantKit
) -> None:
    person = random_person()
    customer_id, ticket_id, request_id = a_customer_with_a_history(client, tenant, person)
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    erased = client.post(
        f"/v1/customers/{customer_id}/erasure", json={"reason": "asked"}, headers=officer
    )
    assert erased.status_code == 200, erased.text

    customer = client.get(f"/v1/customers/{customer_id}", headers=officer).json()
    assert customer["erased"] is True
    assert [customer[f] for f in ("name", "surname", "phone", "email")] == [None] * 4
    assert [d["serial_number"] for d in customer["devices"]] == ["SS8K-2207-0042"]
    assert customer["consents"]["sms"]["granted"] is True
    assert customer["consents"]["sms"]["source"] is None

    ticket = client.get(f"/v1/tickets/{ticket_id}", headers=officer).json()
    assert ticket["fault_description"] is None and ticket["summary"] is None
    assert ticket["device"]["serial_number"] == "SS8K-2207-0042"
    assert [(r["kind"], r["part_number"], r["description"]) for r in ticket["repairs"]] == [
        ("part_replaced", "RLY-7", None)
    ]
    assert [n["body"] for n in ticket["notes"]] == [None]
    assert ticket["status"] == "closed" and ticket["resolution"] == "repaired"

    export = client.get(f"/v1/customers/{customer_id}/export", headers=officer).json()
    assert export["erased"] is True and export["name"] is None
    assert export["tickets"][0]["fault_description"] is None
    assert export["records"][-1]["type"] == "Customer.Erased"

    caught_up(tenant.services)
    requests = client.get("/v1/privacy-requests", headers=officer).json()["items"]
    mine = next(r for r in requests if r["id"] == request_id)
    assert (mine["name"], mine["email"], mine["details"]) == (None, None, None)


def test_a_second_erasure_changes_nothing(client: TestClient, tenant: TenantKit) -> None:
    customer_id = register_customer(client, tenant.headers(Role.AGENT))
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    url = f"/v1/customers/{customer_id}/erasure"
    first = client.post(url, json={"reason": "asked"}, headers=officer)
    count = event_rows(tenant.services)[0]
    second = client.post(url, json={"reason": "asked again"}, headers=officer)
    assert second.status_code == 200, second.text
    assert second.json()["version"] == first.json()["version"]
    assert event_rows(tenant.services)[0] == count


def test_a_legal_hold_stops_erasure_with_a_clear_409(client: TestClient, tenant: TenantKit) -> None:
    customer_id = register_customer(client, tenant.headers(Role.AGENT))
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    hold = f"/v1/customers/{customer_id}/legal-hold"
    held = client.put(hold, json={"held": True, "reason": "case 4/2025"}, headers=officer)
    assert held.status_code == 200, held.text
    assert client.get(hold, headers=officer).json() == {"held": True}
    assert client.get(hold, headers=tenant.headers(Role.AGENT)).status_code == 403
    refused = client.post(
        f"/v1/customers/{customer_id}/erasure", json={"reason": "asked"}, headers=officer
    )
    assert refused.status_code == 409 and refused.json()["code"] == "legal_hold"
    assert "legal hold" in refused.json()["detail"]
    lifted = client.put(hold, json={"held": False, "reason": "case closed"}, headers=officer)
    assert lifted.status_code == 200, lifted.text
    caught_up(tenant.services)
    assert client.get(hold, headers=tenant.headers(Role.ADMIN)).json() == {"held": False}
    shown = client.get(f"/v1/customers/{customer_id}", headers=officer)
    assert shown.headers["ETag"] == f'"{lifted.json()["version"]}"', "the hold moved the version"
    erased = client.post(
        f"/v1/customers/{customer_id}/erasure",
        json={"reason": "asked"},
        headers={**officer, "If-Match": shown.headers["ETag"]},
    )
    assert erased.status_code == 200, erased.text


def test_nothing_new_about_an_erased_person_can_be_recorded(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.ADMIN)
    customer_id = register_customer(client, desk)
    ticket_id = open_ticket(client, desk, customer_id)["id"]
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    client.post(f"/v1/customers/{customer_id}/erasure", json={"reason": "x"}, headers=officer)
    count = event_rows(tenant.services)[0]
    attempts = [
        client.post(f"/v1/tickets/{ticket_id}/notes", json={"body": "hello"}, headers=desk),
        client.post(
            f"/v1/tickets/{ticket_id}/corrections", json={"fault_description": "x"}, headers=desk
        ),
        client.patch(f"/v1/customers/{customer_id}", json={"name": "New"}, headers=desk),
        client.post(
            "/v1/tickets",
            json={
                "customer_id": customer_id,
                "device": {
                    "make": "Sunsynk",
                    "model": "8kW hybrid",
                    "serial_number": "SS8K-2207-0042",
                },
                "fault_description": "again",
                "channel": "phone",
            },
            headers=desk,
        ),
    ]
    for answer in attempts:
        assert answer.status_code == 409 and answer.json()["code"] == "erased", answer.text
    assert event_rows(tenant.services)[0] == count


def test_a_rebuilt_read_model_shows_the_person_erased_and_snapshots_of_them_are_gone(
    client: TestClient, tenant: TenantKit
) -> None:
    services = tenant.services
    person = random_person()
    customer_id, _, request_id = a_customer_with_a_history(client, tenant, person)
    services.app.take_snapshot(UUID(request_id))
    assert _snapshots(services, request_id) == 1
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    client.post(f"/v1/customers/{customer_id}/erasure", json={"reason": "x"}, headers=officer)
    assert _snapshots(services, request_id) == 0

    view = services.workers.projections["privacy_requests"].consumer.projection.view  # type: ignore[attr-defined]
    view.drop()
    caught_up(services, seconds=30)
    requests = client.get("/v1/privacy-requests", headers=officer).json()["items"]
    mine = next(r for r in requests if r["id"] == request_id)
    assert (mine["name"], mine["email"], mine["customer_id"]) == (None, None, customer_id)


def _snapshots(services: Services, aggregate_id: str) -> int:
    with psycopg.connect(services.database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM aftersales_snapshots WHERE originator_id = %s", (aggregate_id,)
        ).fetchone()
    return int(row[0]) if row else 0
