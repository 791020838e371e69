"""A parked event as staff and operators see it: stale reads refused or flagged, /readyz
degraded, the metrics and the CLI showing it, until a skip or a retry makes the read model whole."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from adapters.http.app import create_app
from commands.bus import send
from commands.privacy import DeidentifyTicket
from domain.context import RequestContext
from domain.values import Role
from projections.customer_directory.projection import CustomerDirectory
from tests import poison
from tests.processes import aftersales
from tests.support import TenantKit, caught_up, new_tenant, wait_until

STALE = "urn:aftersales:problem:read_model_stale"

DIRECTORY = CustomerDirectory.read_model_version().follower  # whose events it parks


def item(client: TestClient, kit: TenantKit, path: str, ident: UUID) -> dict[str, Any]:
    answer = client.get(path, headers=kit.headers(Role.ADMIN))
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = next(i for i in answer.json()["items"] if i["id"] == str(ident))
    return found


def gauge(client: TestClient, kit: TenantKit, follower: str) -> float:
    metrics = client.get("/metrics", headers=kit.headers(Role.AUDITOR)).text
    return float(metrics.split(f'aftersales_parked_events{{follower="{follower}"}}')[1].split()[0])


def test_a_parked_event_leaves_its_rows_stale_until_an_operator_decides(
    fresh_services: Callable[..., Services],
) -> None:
    services = fresh_services()
    services.workers.start()
    careless, other = new_tenant(services), new_tenant(services)
    customer = poison.customer(careless)
    ticket = poison.ticket(careless, customer)
    poison.device(careless, customer, f"Sun{poison.NUL}synk")
    poison.consent(careless, customer)  # held back behind the device
    poison.close(careless, ticket, f"fixed{poison.NUL}it")  # sealed text: it parks nothing
    theirs = poison.customer(other, surname="Dlamini")
    their_ticket = poison.ticket(other, theirs)
    wait_until(lambda: DIRECTORY in stale(services))
    caught_up(services)
    assert stale(services) == {DIRECTORY}

    with TestClient(create_app(services)) as client:
        refused = client.get(f"/v1/customers/{customer}", headers=careless.headers(Role.ADMIN))
        assert refused.status_code == 409, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert (refused.json()["type"], refused.json()["code"]) == (STALE, "read_model_stale")
        assert item(client, careless, "/v1/customers", customer)["stale"] is True
        shown = client.get(f"/v1/tickets/{ticket}", headers=careless.headers(Role.ADMIN))
        assert shown.status_code == 200 and shown.json()["summary"] == f"fixed{poison.NUL}it"
        assert item(client, careless, "/v1/tickets", ticket)["stale"] is False
        assert client.get(f"/v1/customers/{customer}", headers=other.headers()).status_code == 404
        assert (
            client.get(f"/v1/tickets/{their_ticket}", headers=other.headers()).json()["stale"]
            is False
        )
        assert item(client, other, "/v1/customers", theirs)["stale"] is False
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "degraded"
        assert ready.json()["parked"][DIRECTORY] == 2
        assert gauge(client, careless, DIRECTORY) == 2

        listed = aftersales(services, "projections", "parked")
        assert listed.returncode == 0, listed.stderr
        rows = [line for line in listed.stdout.splitlines() if "customer_directory" in line]
        assert len(rows) == 2 and "psycopg.errors.Untransl" in rows[0] and "held behind" in rows[1]
        status = aftersales(services, "projections", "status")
        row = next(line for line in status.stdout.splitlines() if f" {DIRECTORY} " in line)
        assert row.strip("│ ").split("│")[-1].strip() == "2"

        correction = str(services.parked_events.of(DIRECTORY)[0].notification_id)
        skipped = aftersales(
            services,
            "projections",
            "skip",
            DIRECTORY,
            correction,
            "--reason",
            "make confirmed by phone",
            "--by",
            "ops@test",
        )
        assert skipped.returncode == 0, skipped.stderr
        shown = client.get(f"/v1/customers/{customer}", headers=careless.headers(Role.ADMIN))
        assert shown.status_code == 200, shown.text
        assert shown.json()["surname"] == "Mokoena" and shown.json()["consents"]["sms"]["granted"]

        # de-identifying the closed ticket destroys its free text's key
        fix = DeidentifyTicket(ticket_id=ticket, reason="unreadable summary")
        send(fix, RequestContext.system(careless.id), services.app)
        caught_up(services)
        shown = client.get(f"/v1/tickets/{ticket}", headers=careless.headers(Role.ADMIN))
        assert shown.status_code == 200, shown.text
        assert (shown.json()["status"], shown.json()["summary"]) == ("closed", None)
        assert item(client, careless, "/v1/tickets", ticket)["stale"] is False
        caught_up(services)
        assert client.get("/readyz").json()["status"] == "ready"
        assert gauge(client, careless, DIRECTORY) == 0
        decided = aftersales(services, "projections", "parked", "--all").stdout
        assert "skipped" in decided and "ops@test" in decided


def stale(services: Services) -> set[str]:
    return {name for name, count in services.workers.parked().items() if count}
