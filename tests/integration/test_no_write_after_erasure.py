"""No write after an erasure: a note sealed under the person's key commits before their
`Customer.Erased` or not at all, even from a replica (another application, another process)
whose key cache still holds the key: the race that committed a note after the erasure."""

import multiprocessing
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.synchronize import Event
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from adapters.bootstrap import Services
from adapters.crypto.opening import open_data_keys
from adapters.postgres.database import eventsourcing_env
from adapters.settings import Settings
from commands import tickets
from commands.application import Aftersales
from commands.bus import send
from domain.context import RequestContext
from domain.errors import PersonalDataErased
from domain.refusals import VersionConflict
from domain.values import IntakeChannel, Role
from tests.privacy import scratch_services
from tests.scenario import customers_ticket, erase
from tests.support import TenantKit, new_tenant, wait_until

WRITERS = 4  # per application


@contextmanager
def replica(settings: Settings, url: str) -> Iterator[Aftersales]:
    """Another replica's application, whose keys are not looked at again for an hour: it
    seals with the person's key as long as it remembers it."""
    keys = open_data_keys(settings.model_copy(update={"key_refresh_seconds": 3600}), url)
    app = Aftersales(env=eventsourcing_env(url, WRITERS + 1), data_keys=keys)
    try:
        yield app
    finally:
        app.close()
        keys.table.pool.close()


@pytest.fixture
def other_replica(services: Services, settings: Settings) -> Iterator[Aftersales]:
    with replica(settings, services.database_url) as app:
        yield app


def write_notes(
    app: Aftersales, ctx: RequestContext, ticket_id: UUID, written: list[int], until: float
) -> str:
    """Notes on the ticket, one after another, until one is refused as erased (or time is up)."""
    while time.monotonic() < until:
        try:
            send(tickets.AddNote(ticket_id=ticket_id, body="gate code 4711"), ctx, app)
        except PersonalDataErased:
            return "refused"
        except VersionConflict:
            continue
        written.append(1)
    return "timed out"


def positions_after_erasure(services: Services, customer_id: UUID, aggregates: list[UUID]) -> int:
    """How many events of the aggregates come after the customer's Customer.Erased."""
    with psycopg.connect(services.database_url) as conn:
        row = conn.execute(
            "SELECT notification_id FROM aftersales_events WHERE originator_id = %s "
            "AND topic LIKE %s",
            (customer_id, "%Customer.Erased"),
        ).fetchone()
        assert row is not None, "the customer is not erased"
        later = conn.execute(
            "SELECT count(*) FROM aftersales_events WHERE originator_id = ANY(%s) "
            "AND notification_id > %s",
            (aggregates, row[0]),
        ).fetchone()
    assert later is not None
    return int(later[0])


def test_a_replica_that_still_holds_the_key_cannot_commit_a_note_after_the_erasure(
    services: Services, tenant: TenantKit, other_replica: Aftersales
) -> None:
    customer_id, ticket_id = customers_ticket(tenant, "Bongani")
    ctx = agent(tenant)
    send(tickets.AddNote(ticket_id=ticket_id, body="calls after five"), ctx, other_replica)
    erase(tenant, services.app, customer_id)
    with pytest.raises(PersonalDataErased):
        send(tickets.AddNote(ticket_id=ticket_id, body="gate code 4711"), ctx, other_replica)
    assert positions_after_erasure(services, customer_id, [ticket_id]) == 0


def test_the_check_holds_with_the_data_keys_in_a_database_of_their_own(
    server_url: str, tmp_path: Path
) -> None:
    """The erasure destroys the keys in the key store's database, and lists them, and is
    recorded, in the events' database: the writer's transaction is there."""
    with scratch_services(server_url, tmp_path / "keys") as keys_database:
        key_url = keys_database.database_url
        with scratch_services(
            server_url, tmp_path / "data", keystore_database_url=key_url
        ) as services:
            tenant = new_tenant(services)
            customer_id, ticket_id = customers_ticket(tenant, "Lindiwe")
            with replica(services.settings, services.database_url) as other:
                ctx = agent(tenant)
                send(tickets.AddNote(ticket_id=ticket_id, body="calls after five"), ctx, other)
                erase(tenant, services.app, customer_id)
                with pytest.raises(PersonalDataErased):
                    send(tickets.AddNote(ticket_id=ticket_id, body="gate code 4711"), ctx, other)
            assert positions_after_erasure(services, customer_id, [ticket_id]) == 0


def test_note_writers_on_two_applications_racing_an_erasure_all_commit_before_it(
    services: Services, tenant: TenantKit, other_replica: Aftersales
) -> None:
    customer_id, ticket_id = customers_ticket(tenant, "Thandiwe")
    tickets_of = [ticket_id] + [another_ticket(tenant, customer_id) for _ in range(2 * WRITERS - 1)]
    written: list[int] = []
    until = time.monotonic() + 20
    ctx, apps, ends = agent(tenant), (services.app, other_replica), []

    def writing(app: Aftersales, ticket: UUID) -> None:
        ends.append(write_notes(app, ctx, ticket, written, until))

    writers = [
        threading.Thread(target=writing, args=(apps[i % 2], ticket))
        for i, ticket in enumerate(tickets_of)
    ]
    for writer in writers:
        writer.start()
    wait_until(lambda: len(written) >= 4 * WRITERS)
    erase(tenant, services.app, customer_id)
    for writer in writers:
        writer.join(30)
    assert positions_after_erasure(services, customer_id, tickets_of) == 0
    assert ends == ["refused"] * len(writers)


def test_a_writer_in_another_process_racing_an_erasure_commits_before_it_or_not_at_all(
    services: Services, settings: Settings, tenant: TenantKit
) -> None:
    customer_id, ticket_id = customers_ticket(tenant, "Sizwe")
    spawn = multiprocessing.get_context("spawn")
    warmed, outcome = spawn.Event(), spawn.Queue()
    process = spawn.Process(
        target=write_in_another_process,
        args=(settings, services.database_url, agent(tenant), ticket_id, warmed, outcome),
    )
    process.start()
    try:
        assert warmed.wait(60), "the other process wrote no note"
        erase(tenant, services.app, customer_id)
        ended = outcome.get(timeout=60)
    finally:
        process.join(30)
    assert positions_after_erasure(services, customer_id, [ticket_id]) == 0
    assert ended == "refused"


def write_in_another_process(
    settings: Settings,
    url: str,
    ctx: RequestContext,
    ticket_id: UUID,
    warmed: Event,
    outcome: "multiprocessing.Queue[str]",
) -> None:
    with replica(settings, url) as app:
        written: list[int] = []
        done = threading.Thread(
            target=lambda: outcome.put(
                write_notes(app, ctx, ticket_id, written, time.monotonic() + 30)
            )
        )
        done.start()
        while not written and done.is_alive():
            time.sleep(0.01)
        warmed.set()
        done.join()


def agent(tenant: TenantKit) -> RequestContext:
    return tenant.ctx(Role.AGENT)


def another_ticket(tenant: TenantKit, customer_id: UUID) -> UUID:
    device = tickets.DeviceDetails(make="Deye", model="5K", serial_number="DY-5")
    intake = tickets.OpenTicket(
        customer_id=customer_id,
        device=device,
        fault_description="trips at noon",
        channel=IntakeChannel.PHONE,
    )
    return send(intake, agent(tenant), tenant.services.app).id
