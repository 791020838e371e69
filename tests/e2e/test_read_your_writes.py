"""Read your writes: a query asking for a write's log position waits for it, or answers 503."""

import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from adapters.postgres.follower import Follower
from domain.values import Role
from tests.e2e.api import open_ticket, register_customer, seen
from tests.support import TenantKit, caught_up


@pytest.fixture
def detail_paused(services: Services) -> Iterator[Follower]:
    """The ticket detail's runner, stopped (the test starts it again when it likes)."""
    caught_up(services)
    follower = services.workers.projections["ticket_details"]
    follower.stop()
    yield follower
    if not follower.running:
        follower.start()


def test_writes_answer_with_their_log_position(client: TestClient, tenant: TenantKit) -> None:
    headers = tenant.headers(Role.AGENT)
    body = {"name": "Ayanda", "surname": "Botha", "phone": "0825550101"}
    response = client.post("/v1/customers", json=body, headers=headers)
    position = response.json()["position"]
    assert response.headers["Aftersales-Position"] == str(position)
    assert position == tenant.services.app.recorder.max_notification_id()


def test_a_query_asking_for_the_writes_position_waits_until_it_shows(
    client: TestClient, tenant: TenantKit, detail_paused: Follower
) -> None:
    headers = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, headers, register_customer(client, headers))
    note = client.post(f"/v1/tickets/{ticket['id']}/notes", json={"body": "seen?"}, headers=headers)
    resume = threading.Timer(0.5, detail_paused.start)
    resume.start()
    started = time.monotonic()
    shown = client.get(f"/v1/tickets/{ticket['id']}", headers={**headers, **seen(note)})
    resume.join()
    assert shown.status_code == 200, shown.text
    assert time.monotonic() - started >= 0.4
    assert [n["body"] for n in shown.json()["notes"]] == ["seen?"]
    again = client.get(
        f"/v1/tickets/{ticket['id']}",
        params={"min_position": note.json()["position"]},
        headers=headers,
    )
    assert again.json()["version"] == note.json()["version"]


def test_a_query_whose_read_model_cannot_catch_up_in_time_is_503_with_retry_after(
    client: TestClient, tenant: TenantKit, detail_paused: Follower
) -> None:
    headers = tenant.headers(Role.AGENT)
    opened = client.post(
        "/v1/tickets",
        json={
            "customer_id": register_customer(client, headers),
            "device": {"make": "M", "model": "N", "serial_number": "RYW-1"},
            "fault_description": "flat",
            "channel": "web",
        },
        headers=headers,
    )
    started = time.monotonic()
    late = client.get(f"/v1/tickets/{opened.json()['id']}", headers={**headers, **seen(opened)})
    waited = time.monotonic() - started
    assert late.status_code == 503
    assert late.headers["content-type"] == "application/problem+json"
    assert late.headers["Retry-After"] == "1"
    assert late.json()["code"] == "read_model_behind"
    assert tenant.services.settings.read_wait_seconds <= waited < 10
    queue = client.get("/v1/tickets", headers={**headers, **seen(opened)})
    assert [t["id"] for t in queue.json()["items"]] == [opened.json()["id"]]


def test_a_position_the_log_has_not_reached_or_not_a_number_is_422(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = tenant.headers(Role.AGENT)
    head = tenant.services.app.recorder.max_notification_id() or 0
    beyond = client.get("/v1/tickets", params={"min_position": head + 1000}, headers=headers)
    assert beyond.status_code == 422
    assert beyond.json()["errors"][0]["field"] == "min_position"
    for bad in ("soon", "-1"):
        wrong = client.get("/v1/tickets", headers={**headers, "Aftersales-Min-Position": bad})
        assert wrong.status_code == 422
        assert wrong.json()["errors"][0]["field"] == "Aftersales-Min-Position"
