"""The store on PostgreSQL: append-only, and every event says who, where and in which request."""

import json
from collections.abc import Callable
from threading import Thread
from uuid import uuid4

import psycopg
import pytest

from adapters.bootstrap import Services
from commands.answers import Written
from domain.context import RequestContext
from domain.tenant import Tenant
from domain.ticket import Ticket
from domain.values import Role
from tests.scenario import customers_ticket
from tests.support import TenantKit, new_tenant


def _open_ticket(tenant: TenantKit, request_id: str) -> Ticket:
    ctx = tenant.ctx(Role.AGENT, request_id=request_id)
    return tenant.services.app.repository.get(customers_ticket(tenant, "Sipho", ctx).ticket_id)


def test_a_direct_update_or_delete_of_the_events_table_fails(
    services: Services, tenant: TenantKit
) -> None:
    _open_ticket(tenant, "req-immutable")
    with psycopg.connect(services.database_url, autocommit=True) as conn:
        for statement in (
            "UPDATE aftersales_events SET topic = topic",
            "DELETE FROM aftersales_events",
            "TRUNCATE aftersales_events",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(statement)
        count = conn.execute("SELECT count(*) FROM aftersales_events").fetchone()
    assert count is not None and count[0] > 0


def test_every_stored_event_carries_tenant_actor_and_request(
    services: Services, tenant: TenantKit
) -> None:
    request_id = f"req-{uuid4().hex}"
    ticket = _open_ticket(tenant, request_id)
    agent = str(tenant.member(Role.AGENT))
    with psycopg.connect(services.database_url) as conn:
        rows = conn.execute(
            "SELECT topic, state FROM aftersales_events WHERE convert_from(state, 'UTF8') LIKE %s",
            (f"%{request_id}%",),
        ).fetchall()
        everything = conn.execute("SELECT state FROM aftersales_events").fetchall()
    topics = {topic.split(":")[1] for topic, _ in rows}
    assert {
        "Customer.Registered",
        "Ticket.Opened",
        "TicketRegister.NumberIssued",
    } <= topics
    assert {"Customer.DeviceRegistered"} <= topics
    for _, state in rows:
        meta = json.loads(state)["meta"]
        assert meta == {
            **meta,
            "tenant_id": str(tenant.id),
            "actor": agent,
            "request_id": request_id,
        }
    assert ticket.tenant_id == tenant.id
    for (state,) in everything:
        meta = json.loads(state)["meta"]
        assert meta["tenant_id"] and meta["actor"] and meta["request_id"]


def test_a_ticket_reloaded_from_postgres_equals_the_live_one(
    tenant: TenantKit,
) -> None:
    app = tenant.services.app
    ticket = _open_ticket(tenant, "req-reload")
    ticket.assign(tenant.member(Role.TECHNICIAN))
    ticket.add_note('ünïcödé ✓ and "quotes"')
    app.commit(tenant.ctx(Role.AGENT), ticket)
    assert app.repository.get(ticket.id) == ticket


def test_a_commit_larger_than_a_socket_buffer_is_stored_and_answers(
    fresh_services: Callable[..., Services],
) -> None:
    """5,000 events in one commit travel as one statement of a few megabytes. In psycopg's
    pipeline mode over a unix socket (the embedded server's) it was never wholly sent, and the
    commit waited for ever; it must answer, within a deadline rather than hang the run. (On a
    database of its own: the shared log stays small for the followers of other tests.)"""
    services = fresh_services()
    tenant = new_tenant(services)
    ctx = RequestContext.system(tenant.id)
    business = services.app.load(Tenant, tenant.id, ctx)
    for _ in range(5000):
        business.enrol(uuid4())
    written: list[Written] = []
    commit = Thread(target=lambda: written.append(services.app.commit(ctx, business)), daemon=True)
    commit.start()
    commit.join(timeout=60)
    assert written, "the commit did not answer within a minute"
    assert written[0].version == business.version
    assert len(services.app.recorder.select_events(tenant.id)) == business.version
