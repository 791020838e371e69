"""Erasure against what runs beside it: read-model batches in flight, other replicas' cached
keys, this process's cached aggregates."""

import threading
import time
from types import SimpleNamespace
from typing import cast
from uuid import UUID

import psycopg
from eventsourcing.persistence import JSONTranscoder

from adapters.bootstrap import Services
from adapters.crypto.keystore import KeyStore
from adapters.postgres.database import eventsourcing_env
from commands import customers, privacy, privacy_requests, tickets
from commands.application import Aftersales
from commands.bus import execute
from domain.privacy_request import RequestKind
from domain.values import IntakeChannel, Role
from projections.base import ERASURE_LOCK, ForgetsKeys
from tests.support import TenantKit, caught_up


def linked_request(tenant: TenantKit, name: str) -> tuple[UUID, UUID]:
    """A customer and a privacy request of theirs linked to them (its read model holds text)."""
    app = tenant.services.app
    customer = execute(
        customers.register_customer,
        customers.RegisterCustomer(name=name, surname="Ndlovu", email="x@example.com"),
        tenant.ctx(Role.AGENT),
        app,
    )
    public = tenant.ctx(Role.AGENT)
    request = execute(
        privacy_requests.submit_privacy_request,
        privacy_requests.SubmitPrivacyRequest(
            kind=RequestKind.DELETION, name=name, email="x@example.com"
        ),
        public,
        app,
    )
    execute(
        privacy_requests.link_privacy_request,
        privacy_requests.LinkPrivacyRequest(request_id=request.id, customer_id=customer.id),
        tenant.ctx(Role.COMPLIANCE_OFFICER),
        app,
    )
    return customer.id, request.id


def erase(tenant: TenantKit, services: Services, customer_id: UUID) -> None:
    execute(
        privacy.erase_customer,
        privacy.EraseCustomer(customer_id=customer_id, reason="asked"),
        tenant.ctx(Role.COMPLIANCE_OFFICER),
        services.app,
    )


def requester_name(services: Services, request_id: UUID) -> str | None:
    with psycopg.connect(services.database_url) as conn:
        row = conn.execute(
            "SELECT name FROM privacy_requests WHERE request_id = %s", (request_id,)
        ).fetchone()
    assert row is not None
    return str(row[0]) if row[0] is not None else None


def test_an_erasure_waits_for_a_batch_in_flight_then_drops_what_it_wrote(
    services: Services, tenant: TenantKit
) -> None:
    customer_id, request_id = linked_request(tenant, "Bongani")
    caught_up(services)
    started, release = threading.Event(), threading.Event()

    def batch_in_flight() -> None:
        """A projection that decoded an event just before the erasure, and writes it after:
        its batch holds the erasure lock shared, as every read-model batch does."""
        with psycopg.connect(services.database_url) as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock_shared(%s)", (ERASURE_LOCK,))
            started.set()
            release.wait(10)
            conn.execute(
                "UPDATE privacy_requests SET name = 'Bongani' WHERE request_id = %s", (request_id,)
            )

    batch = threading.Thread(target=batch_in_flight)
    batch.start()
    assert started.wait(10)
    erasure = threading.Thread(target=erase, args=(tenant, services, customer_id))
    erasure.start()
    time.sleep(0.5)
    assert erasure.is_alive(), "the erasure should wait for the batch"
    release.set()
    batch.join(10)
    erasure.join(10)
    assert not erasure.is_alive()
    assert requester_name(services, request_id) is None


def test_a_key_destroyed_by_another_replica_is_forgotten_before_the_next_batch(
    services: Services, tenant: TenantKit
) -> None:
    """Another replica's keys (cached, and not refreshed by the clock) read the person until
    it is told to forget destroyed keys, as projections are before every batch."""
    customer_id, _ = linked_request(tenant, "Sibusiso")
    replica_keys = KeyStore(
        services.keys.table,
        services.keys.master,
        snapshots_table="aftersales_snapshots",
        refresh_seconds=3600,
    )
    transcoder = services.app.construct_transcoder()
    assert isinstance(transcoder, JSONTranscoder)
    replica = replica_keys.mapper(transcoder)
    assert isinstance(replica, ForgetsKeys)
    stored = services.app.recorder.select_events(customer_id, limit=1)[0]
    assert vars(replica.to_domain_event(stored))["name"] == "Sibusiso"
    erase(tenant, services, customer_id)
    assert vars(replica.to_domain_event(stored))["name"] == "Sibusiso"  # stale, for now
    replica.forget_destroyed_keys()
    assert vars(replica.to_domain_event(stored))["name"] is None


def test_an_erasure_evicts_the_persons_aggregates_from_the_cache(
    services: Services, tenant: TenantKit
) -> None:
    env = {**eventsourcing_env(services.database_url, 2), "AGGREGATE_CACHE_MAXSIZE": "100"}
    app = Aftersales(env=env, vault=services.keys)
    try:
        ctx = tenant.ctx(Role.AGENT)
        customer = execute(
            customers.register_customer,
            customers.RegisterCustomer(name="Palesa", surname="Molefe", email="p@example.com"),
            ctx,
            app,
        )
        opened = execute(
            tickets.open_ticket,
            tickets.OpenTicket(
                customer_id=customer.id,
                device=tickets.DeviceDetails(make="Deye", model="5K", serial_number="DY-5"),
                fault_description="Palesa's inverter trips",
                channel=IntakeChannel.PHONE,
            ),
            ctx,
            app,
        )
        assert app.repository.get(opened.id).fault_description == "Palesa's inverter trips"
        erase(tenant, cast(Services, SimpleNamespace(app=app)), customer.id)
        assert app.repository.get(opened.id).fault_description is None
    finally:
        app.close()
