"""Erasure against what runs beside it: a read-model batch in flight (a real one, held up by a
row lock), other replicas' cached keys, this process's cached aggregates."""

import threading
from collections.abc import Callable
from uuid import UUID

import psycopg
from eventsourcing.persistence import JSONTranscoder

from adapters.bootstrap import Services
from adapters.crypto.data_key_cache import DataKeyCache
from adapters.postgres.database import eventsourcing_env
from commands import customers, privacy_requests, tickets
from commands.application import Aftersales
from commands.bus import send
from domain.privacy_request import RequestKind
from domain.values import Role
from projections.base import ForgetsKeys
from projections.ticket_detail.tables import TICKET_DETAILS, TICKET_TEXTS
from tests.scenario import customers_ticket, erase
from tests.support import TenantKit, new_tenant, wait_until


def linked_request(tenant: TenantKit, name: str) -> tuple[UUID, UUID]:
    """A customer and a privacy request of theirs linked to them (its read model holds text)."""
    app = tenant.services.app
    customer = send(
        customers.RegisterCustomer(name=name, surname="Ndlovu", email="x@example.com"),
        tenant.ctx(Role.AGENT),
        app,
    )
    public = tenant.ctx(Role.AGENT)
    request = send(
        privacy_requests.SubmitPrivacyRequest(
            kind=RequestKind.DELETION, name=name, email="x@example.com"
        ),
        public,
        app,
    )
    send(
        privacy_requests.LinkPrivacyRequest(request_id=request.id, customer_id=customer.id),
        tenant.ctx(Role.COMPLIANCE_OFFICER),
        app,
    )
    return customer.id, request.id


def add_note(tenant: TenantKit, ticket_id: UUID, body: str) -> None:
    send(
        tickets.AddNote(ticket_id=ticket_id, body=body),
        tenant.ctx(Role.AGENT),
        tenant.services.app,
    )


def waiting_for(conn: psycopg.Connection[tuple[object, ...]], pid: int) -> list[int]:
    """The database sessions waiting for a lock that session `pid` holds."""
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))", (pid,)
    ).fetchall()
    return [int(str(row[0])) for row in rows]


def ticket_texts(services: Services, ticket_id: UUID) -> tuple[object, object]:
    """How many rows of free text the ticket detail keeps of the ticket, and whether it says
    erased."""
    with psycopg.connect(services.database_url) as conn:
        row = conn.execute(
            f"SELECT (SELECT count(*) FROM {TICKET_TEXTS} x WHERE x.ticket_id = t.ticket_id), "
            f"erased FROM {TICKET_DETAILS} t WHERE ticket_id = %s",
            (ticket_id,),
        ).fetchone()
    assert row is not None
    return row[0], row[1]


def test_an_erasure_waits_for_a_batch_in_flight_then_drops_the_note_it_wrote(
    fresh_services: Callable[..., Services],
) -> None:
    """The ticket detail's batch has read a note of the person's (their key still good) and is
    held up writing it out: the erasure waits for the batch, then drops what it wrote."""
    services = fresh_services()  # its followers stay stopped: the test runs the batch
    tenant = new_tenant(services)
    others_ticket = customers_ticket(tenant, "Lerato").ticket_id
    customer_id, ticket_id = customers_ticket(tenant, "Bongani")
    follower = services.workers.projections["ticket_details"]
    follower.catch_up()
    add_note(tenant, others_ticket, "Lerato calls after five")  # written out first
    add_note(tenant, ticket_id, "Bongani's gate code is 4711")
    url = services.database_url
    with psycopg.connect(url) as holder, psycopg.connect(url, autocommit=True) as watcher:
        holder.execute(
            f"SELECT FROM {TICKET_DETAILS} WHERE ticket_id = %s FOR UPDATE", (others_ticket,)
        )
        applying = threading.Thread(target=follower.step)
        applying.start()
        wait_until(lambda: waiting_for(watcher, holder.info.backend_pid))  # both notes read
        (batch,) = waiting_for(watcher, holder.info.backend_pid)
        erasure = threading.Thread(target=erase, args=(tenant, services.app, customer_id))
        erasure.start()
        wait_until(lambda: not erasure.is_alive() or waiting_for(watcher, batch))
        waited = erasure.is_alive()
        holder.rollback()
        applying.join(10)
        erasure.join(10)
    assert not applying.is_alive() and not erasure.is_alive()
    assert ticket_texts(services, ticket_id) == (0, True), "the note outlived the erasure"
    assert waited, "the erasure did not wait for the batch in flight"


def test_a_key_destroyed_by_another_replica_is_forgotten_before_the_next_batch(
    services: Services, tenant: TenantKit
) -> None:
    """Another replica's keys (cached, and not refreshed by the clock) read the person until
    it is told to forget destroyed keys, as projections are before every batch."""
    customer_id, _ = linked_request(tenant, "Sibusiso")
    replica_keys = DataKeyCache(
        services.keys.table,
        services.keys.keyring,
        snapshots_table="aftersales_snapshots",
        refresh_seconds=3600,
    )
    transcoder = services.app.construct_transcoder()
    assert isinstance(transcoder, JSONTranscoder)
    replica = replica_keys.mapper(transcoder)
    assert isinstance(replica, ForgetsKeys)
    stored = services.app.recorder.select_events(customer_id, limit=1)[0]
    assert vars(replica.to_domain_event(stored))["name"] == "Sibusiso"
    erase(tenant, services.app, customer_id)
    assert vars(replica.to_domain_event(stored))["name"] == "Sibusiso"  # stale, for now
    replica.forget_destroyed_keys()
    assert vars(replica.to_domain_event(stored))["name"] is None


def test_an_erasure_evicts_the_persons_aggregates_from_the_cache(
    services: Services, tenant: TenantKit
) -> None:
    env = {**eventsourcing_env(services.database_url, 2), "AGGREGATE_CACHE_MAXSIZE": "100"}
    app = Aftersales(env=env, data_keys=services.keys)
    try:
        customer_id, ticket_id = customers_ticket(tenant, "Palesa", app=app)
        assert app.repository.get(ticket_id).fault_description == "Palesa's inverter trips"
        erase(tenant, app, customer_id)
        assert app.repository.get(ticket_id).fault_description is None
    finally:
        app.close()
