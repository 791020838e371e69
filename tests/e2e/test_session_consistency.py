"""Read your own writes with no header: a caller's query waits for that caller's last write in
this replica; another caller's does not; and every reading route waits for what it reads."""

import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from adapters.postgres.follower import Follower
from domain.values import Role
from tests.e2e.api import CUSTOMER, open_ticket, register_customer
from tests.support import TenantKit, caught_up

ROUNDS = 200


@pytest.fixture
def busy_machine() -> Iterator[None]:
    """A process burning a core for as long as the test runs."""
    burner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    yield
    burner.kill()
    burner.wait()


@contextmanager
def paused(services: Services, name: str) -> Iterator[Follower]:
    """The read model's follower, stopped (started again on the way out if still stopped)."""
    caught_up(services)
    follower = services.workers.projections[name]
    follower.stop()
    yield follower
    if not follower.running:
        follower.start()


@pytest.fixture
def directory_paused(services: Services) -> Iterator[Follower]:
    with paused(services, "customer_directory") as follower:
        yield follower


def test_a_caller_reads_the_customer_it_just_registered_every_time_on_a_busy_machine(
    client: TestClient, tenant: TenantKit, busy_machine: None
) -> None:
    desk = tenant.headers(Role.AGENT)
    others = tenant.headers(Role.ADMIN)
    customer = register_customer(client, others)
    stop = threading.Event()
    opened: list[int] = []

    def open_tickets() -> None:
        while not stop.is_set():
            open_ticket(client, others, customer)
            opened.append(1)

    writers = [threading.Thread(target=open_tickets) for _ in range(2)]
    for writer in writers:
        writer.start()
    try:
        for n in range(ROUNDS):
            surname = f"Round {n}"
            body = {**CUSTOMER, "surname": surname}
            registered = client.post("/v1/customers", json=body, headers=desk)
            assert registered.status_code == 201, registered.text
            shown = client.get(f"/v1/customers/{registered.json()['id']}", headers=desk)
            assert shown.status_code == 200, (n, shown.text)
            assert shown.json()["surname"] == surname
    finally:
        stop.set()
        for writer in writers:
            writer.join()
    assert len(opened) > ROUNDS / 10  # the others wrote all along


def test_another_callers_read_does_not_wait_for_this_callers_writes(
    client: TestClient, tenant: TenantKit, directory_paused: Follower
) -> None:
    writer, other = tenant.headers(Role.AGENT), tenant.headers(Role.ADMIN)
    customer = register_customer(client, writer)
    theirs = client.get("/v1/customers", headers=other)
    assert theirs.status_code == 200, theirs.text  # had it waited, it would be 503 by now
    assert theirs.json()["items"] == []
    own = client.get("/v1/customers", headers=writer)
    assert own.status_code == 503
    assert own.json()["code"] == "read_model_behind"
    directory_paused.start()
    own = client.get(f"/v1/customers/{customer}", headers=writer)
    assert own.status_code == 200, own.text


@pytest.mark.parametrize(
    ("path", "read_model", "role"),
    [
        ("/v1/staff", "staff_directory", Role.ADMIN),
        ("/v1/me", "staff_directory", Role.ADMIN),
        ("/v1/privacy-requests", "privacy_requests", Role.COMPLIANCE_OFFICER),
        ("/v1/audit/events", "audit_index", Role.AUDITOR),
        ("/v1/audit/logins", "audit_index", Role.AUDITOR),
        ("/v1/retention-policy", "retention", Role.ADMIN),
        ("/v1/tenant/messaging", "message_settings", Role.ADMIN),
    ],
)
def test_every_reading_route_waits_for_the_read_models_its_query_reads(
    client: TestClient, tenant: TenantKit, path: str, read_model: str, role: Role
) -> None:
    headers, desk = tenant.headers(role), tenant.headers(Role.AGENT)
    with paused(tenant.services, read_model) as follower:
        register_customer(client, desk)
        head = tenant.services.app.recorder.max_notification_id()
        asked = {**headers, "Aftersales-Min-Position": str(head)}
        behind = client.get(path, headers=asked)
        assert behind.status_code == 503, behind.text
        assert read_model in behind.json()["detail"]
        follower.start()
        assert client.get(path, headers=asked).status_code == 200
