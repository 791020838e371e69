"""A person's erasure reaches every read model: their plaintext goes, their rows say erased."""

from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import Mapper, StoredEvent
from psycopg import Cursor
from psycopg.rows import DictRow

from adapters.bootstrap import Services
from adapters.postgres.follower import Follower
from adapters.postgres.rebuild import handed_over
from domain.customer import Customer
from domain.erasure import ErasureGround
from domain.personal import personal_fields
from domain.values import ContactChannel, Role
from projections import ALL
from projections.base import ProjectionConsumer
from projections.customer_directory.tables import CUSTOMER_DIRECTORY
from projections.device_history.tables import DEVICE_HISTORY
from projections.privacy_requests.tables import PRIVACY_REQUESTS
from projections.ticket_detail.tables import TICKET_DETAILS, TICKET_TEXTS
from projections.ticket_queue.tables import QUEUE_CUSTOMERS, TICKET_QUEUE
from queries.customers import customer_detail, customer_search
from queries.devices import device_history
from queries.ticket_queue import Order, TicketFilters, ticket_queue
from queries.tickets import ticket_detail
from tests.scenario import Workshop, busy_workshop, opened, view_rows
from tests.support import TenantKit, caught_up

NAMES = [projection.name for projection in ALL]


def erase(workshop: Workshop) -> None:
    app, ctx = workshop.kit.services.app, workshop.kit.ctx(Role.ADMIN)
    customer = app.load(Customer, workshop.customer_id, ctx)
    customer.erase(ErasureGround.DATA_SUBJECT_REQUEST, "asked to be forgotten")
    app.commit(ctx, customer)


def tables_holding(
    services: Services, workshop: Workshop, curs: Cursor[DictRow] | None = None
) -> list[str]:
    """The read-model tables in which the workshop's marker appears anywhere in a row of its
    tenant, sealed columns opened (as curs sees them)."""
    if curs is None:
        with services.datastore.transaction(commit=False) as curs:
            return tables_holding(services, workshop, curs)
    found = []
    for name in NAMES:
        consumer = services.workers.projections[name].consumer
        assert isinstance(consumer, ProjectionConsumer)
        for table in consumer.view.tables:
            rows = curs.execute(f"SELECT * FROM {table} WHERE tenant_id = %s", (workshop.kit.id,))
            shown = opened(services, consumer.view, table, rows)
            if any(workshop.marker in str(value) for row in shown for value in row.values()):
                found.append(table.name)
    return found


def shown(workshop: Workshop) -> dict[str, Any]:
    """What staff see of the person's customer record, ticket and device."""
    db = workshop.kit.services.read_store
    ctx = workshop.kit.ctx(Role.ADMIN)
    queue = ticket_queue(db, ctx, TicketFilters(), Order.NEWEST, 50, None).items
    return {
        "customer": customer_detail(db, ctx, workshop.customer_id),
        "ticket": ticket_detail(db, ctx, workshop.ticket_id),
        "queue": [item for item in queue if item.id == workshop.ticket_id],
        "history": device_history(db, ctx, workshop.serial, 50, None).items
        + device_history(db, ctx, workshop.part_serial, 50, None).items,
    }


@pytest.fixture
def erased(tenant: TenantKit) -> tuple[Workshop, Workshop]:
    """Two customers of one tenant; the first one erased."""
    gone, kept = busy_workshop(tenant), busy_workshop(tenant)
    erase(gone)
    caught_up(tenant.services)
    return gone, kept


def test_an_erased_customer_reads_null_and_erased_everywhere_and_others_stay(
    services: Services, erased: tuple[Workshop, Workshop]
) -> None:
    gone, kept = erased
    assert tables_holding(services, gone) == []
    assert sorted(tables_holding(services, kept)) == sorted(
        [
            TICKET_QUEUE.name,
            QUEUE_CUSTOMERS.name,
            TICKET_DETAILS.name,
            TICKET_TEXTS.name,
            CUSTOMER_DIRECTORY.name,
            DEVICE_HISTORY.name,
            PRIVACY_REQUESTS.name,
        ]
    )
    seen = shown(gone)
    customer = seen["customer"]
    assert customer.erased and customer.restricted
    assert [customer.name, customer.surname, customer.phone, customer.email] == [None] * 4
    assert [c.source for c in customer.consents.values()] == [None] * 3
    assert [d.serial_number for d in customer.devices] == [gone.serial]
    ticket = seen["ticket"]
    assert ticket.erased and ticket.fault_description is None and ticket.summary is None
    assert ticket.status == "new" and [r.replacement_serial for r in ticket.repairs] == [
        gone.part_serial
    ]
    assert all(entry.text is None for entry in ticket.timeline) and len(ticket.timeline) == 7
    assert [
        (q.erased, q.fault_description, q.customer_name, q.customer_surname) for q in seen["queue"]
    ] == [(True, None, None, None)]
    history = seen["history"]
    assert len(history) == 5 and all(e.erased and e.text is None for e in history)
    kept_ticket = shown(kept)["ticket"]
    assert not kept_ticket.erased and kept.marker in (kept_ticket.fault_description or "")
    ctx = gone.kit.ctx(Role.AGENT)
    assert customer_search(services.read_store, ctx, gone.marker, 10, None).items == []
    found = customer_search(services.read_store, ctx, kept.marker[:9], 10, None).items
    assert [c.id for c in found] == [kept.customer_id]  # by tokens: no page holds the name
    db = services.read_store
    by_name = [
        TicketFilters(q=m) for m in (gone.marker, f"{gone.marker} Mok", f"{kept.marker} Mok")
    ]
    assert [
        [t.id for t in ticket_queue(db, ctx, f, Order.NEWEST, 10, None).items] for f in by_name
    ] == [
        [],
        [],
        [kept.ticket_id],
    ]  # the queue finds the kept customer by "name surname" (not in the fault), not the erased
    kept_customer = customer_detail(services.read_store, ctx, kept.customer_id)
    assert kept_customer.name == kept.marker and kept_customer.consents[ContactChannel.SMS].source


def test_erase_subject_drops_the_plaintext_of_every_view_in_the_callers_transaction(
    services: Services, tenant: TenantKit
) -> None:
    """The hook the erasure command calls in its own transaction (rolled back here: without the
    erasure's event, the views would no longer be what the log says)."""
    workshop = busy_workshop(tenant)
    caught_up(services)
    with services.datastore.transaction(commit=False) as curs:
        for name in NAMES:
            consumer = services.workers.projections[name].consumer
            assert isinstance(consumer, ProjectionConsumer)
            consumer.view.erase_subject(curs, tenant.id, workshop.customer_id)
        assert tables_holding(services, workshop, curs) == []
        erased = "SELECT bool_and(erased) AS e FROM {} WHERE tenant_id = %s"
        flags = [
            curs.execute(erased.format(table), (tenant.id,)).fetchone()
            for table in (CUSTOMER_DIRECTORY, TICKET_QUEUE, TICKET_DETAILS, DEVICE_HISTORY)
        ]
        assert [row and row["e"] for row in flags] == [True] * 4
    assert tables_holding(services, workshop) != []


class Shredded(Mapper[UUID]):
    """Reads the store as it reads once the person's key is destroyed: their fields are None."""

    def __init__(self, real: Mapper[UUID], subject: UUID) -> None:
        super().__init__(real.transcoder, real.compressor, real.cipher)
        self.real = real
        self.subject = str(subject)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event: Any = self.real.to_domain_event(stored_event)
        if event.meta.get("subject_id") == self.subject:
            event_class: type = type(event)
            for field in personal_fields(event_class):
                object.__setattr__(event, field, None)
        return event


@pytest.mark.parametrize("name", NAMES)
def test_a_rebuild_over_shredded_events_gives_the_same_tables(
    services: Services, erased: tuple[Workshop, Workshop], name: str
) -> None:
    """Compared at one position of the log: the live read model is caught up and copied, then
    rebuilt, with the live follower held; if anything was written meanwhile (a sender of
    another test retrying), again."""
    gone, _ = erased
    live = services.workers.projections[name]
    consumer = live.consumer
    assert isinstance(consumer, ProjectionConsumer)
    shredding = ProjectionConsumer(
        type(consumer.projection)(consumer.view), Shredded(services.app.mapper, gone.customer_id)
    )
    for _ in range(5):
        with handed_over(live, wait_seconds=10):
            Follower(services.database_url, live.recorder, consumer, channel="unused").catch_up()
            at, live_rows = consumer.position(), view_rows(services, name)
            consumer.view.drop()
            Follower(services.database_url, live.recorder, shredding, channel="unused").catch_up()
        if shredding.position() == at:
            break
    assert shredding.position() == at
    assert view_rows(services, name) == live_rows
