"""A read model's new version is built beside the old one, on one database, while the old one
answers; queries switch to it once it has caught up with the log, and the old one is dropped
once no process of the old deployment is left (adapters/postgres/read_model_versions.py).

The read model is the test's own (how many tickets each tenant opened), so its two versions can
run in one test process: version 2 adds a column, filled from the log from its start."""

import asyncio
from typing import Any, ClassVar
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore
from fastapi.testclient import TestClient
from psycopg.sql import SQL, Identifier

from adapters.bootstrap import Services
from adapters.http.app import create_app
from adapters.http.freshness import ReadModelBehind
from adapters.http.reading import Reader
from adapters.postgres.follower_lock import FollowerLock
from adapters.settings import Settings
from adapters.startup import start_service
from commands import customers, tickets
from commands.bus import send
from domain.context import RequestContext
from domain.ticket import Ticket
from domain.values import Role
from projections.base import ReadModel, ReadModelProjection
from projections.migrations.tracking import tracking_table
from projections.tables import Table
from queries.read_models import Query, reads
from tests.processes import aftersales
from tests.support import TenantKit, event_count, new_tenant, wait_until

NAME = "opened_tickets"
COLUMNS = {1: "opened integer NOT NULL", 2: "opened integer NOT NULL, urgent integer NOT NULL"}


class OpenedTicketsView(ReadModel):
    tables = (Table(NAME, 1),)


class OpenedTicketsV2View(ReadModel):
    tables = (Table(NAME, 2),)


class OpenedTickets(ReadModelProjection[ReadModel]):
    """Version 1: how many tickets each tenant has opened."""

    name = NAME
    view_class: ClassVar[type[ReadModel]] = OpenedTicketsView
    handles = (Ticket.Opened,)
    count = (
        "INSERT INTO {} AS t VALUES (%s, 1) ON CONFLICT (tenant_id) "
        "DO UPDATE SET opened = t.opened + 1"
    )

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        table = Table(NAME, self.version).sql
        self.view.cursor.execute(SQL(self.count).format(table), self.values(domain_event))

    def values(self, event: Ticket.Opened) -> tuple[object, ...]:
        return (event.tenant_id,)


class OpenedTicketsV2(OpenedTickets):
    """Version 2: how many, and how many of them urgent."""

    name = NAME
    version = 2
    view_class = OpenedTicketsV2View
    count = (
        "INSERT INTO {} AS t VALUES (%s, 1, %s) ON CONFLICT (tenant_id) "
        "DO UPDATE SET opened = t.opened + 1, urgent = t.urgent + excluded.urgent"
    )

    def values(self, event: Ticket.Opened) -> tuple[object, ...]:
        return (event.tenant_id, int(event.priority == "urgent"))


def migrate(url: str, model: type[OpenedTickets]) -> None:
    """What the migration shipping the version does: its tables beside the others."""
    version = model.read_model_version()
    table = Identifier(version.tables[0])
    with psycopg.connect(url, autocommit=True) as conn:
        columns = SQL(COLUMNS[version.version])
        conn.execute(SQL("CREATE TABLE {} (tenant_id uuid PRIMARY KEY, {})").format(table, columns))
        for statement in tracking_table(version.tracking_table):
            conn.execute(statement)


def opened_tickets(model: type[OpenedTickets]) -> Query[..., dict[str, Any]]:
    """The query of the deployment whose code has this version: it reads that version's table."""
    table = Table(NAME, model.version).sql

    @reads(model)
    def opened(db: PostgresDatastore, ctx: RequestContext) -> dict[str, Any]:
        with db.transaction(commit=False) as curs:
            query = SQL("SELECT * FROM {} WHERE tenant_id = %s").format(table)
            row = curs.execute(query, (ctx.tenant_id,)).fetchone() or {}
        return {column: value for column, value in row.items() if column != "tenant_id"}

    return opened


class Deployment:
    """A process of one deployment: its services (the read model at its version) and its app."""

    def __init__(self, settings: Settings, model: type[OpenedTickets]) -> None:
        self.services = start_service(settings, (model,))
        self.app = create_app(self.services)
        self.query = opened_tickets(model)

    def ask(self, kit: TenantKit, position: int = 0) -> dict[str, Any]:
        freshness = self.app.state.freshness
        reader = Reader(self.services.read_store, kit.ctx(Role.ADMIN), freshness, position)
        return asyncio.run(reader(self.query))

    def ready(self) -> bool:
        status: int = TestClient(self.app).get("/readyz").status_code
        return status == 200


def open_ticket(services: Services, kit: TenantKit, priority: str) -> int:
    ctx = kit.ctx(Role.ADMIN)
    person = customers.RegisterCustomer(name="Thandi", surname="Nkosi", phone="0825550101")
    customer = send(person, ctx, services.app).id
    device = tickets.DeviceDetails(make="Sunsynk", model="5K", serial_number=uuid4().hex[:8])
    intake = tickets.OpenTicket(
        customer_id=customer,
        device=device,
        fault_description="it beeps",
        channel="phone",
        priority=priority,
    )
    position = send(intake, ctx, services.app).position
    assert position is not None
    return int(position)


def states(url: str) -> dict[int, str]:
    with psycopg.connect(url) as conn:
        query = "SELECT version, state FROM aftersales_read_model_versions WHERE name = %s"
        return dict(conn.execute(query, (NAME,)).fetchall())


def tables_of_version_1(url: str) -> list[object]:
    with psycopg.connect(url) as conn:
        names = (NAME, f"{NAME}_tracking")
        return [conn.execute("SELECT to_regclass(%s)", (n,)).fetchone()[0] for n in names]  # type: ignore[index]


def test_a_new_version_is_built_beside_the_old_one_and_takes_over_once_caught_up(
    settings: Settings,
) -> None:
    url = settings.database_url
    assert url is not None
    migrate(url, OpenedTickets)
    old = Deployment(settings, OpenedTickets)
    old.services.workers.start()
    kit = new_tenant(old.services)
    for priority in ("urgent", "normal", "urgent"):
        position = open_ticket(old.services, kit, priority)
    assert old.ask(kit, position) == {"opened": 3} and states(url) == {1: "active"}

    migrate(url, OpenedTicketsV2)  # the next deployment's migration, then its first process
    new = Deployment(settings, OpenedTicketsV2)
    try:
        assert states(url) == {1: "active", 2: "building"}
        assert old.ready() and not new.ready()
        with pytest.raises(ReadModelBehind):
            new.ask(kit)
        position = open_ticket(new.services, kit, "normal")  # the old version keeps answering
        assert old.ask(kit, position) == {"opened": 4}

        status = aftersales(old.services, "projections", "status")
        assert status.returncode == 0, status.stderr
        shown = [line.split("│")[1:6] for line in status.stdout.splitlines() if NAME in line]
        cells = [[cell.strip() for cell in row] for row in shown]
        assert [row[:3] for row in cells] == [[NAME, "1", "active"], [NAME, "2", "building"]]
        assert int(cells[0][3]) >= position and cells[1][3] == "0"  # positions
        assert int(cells[1][4]) >= position  # version 2's lag: the whole log

        # its follower builds it a batch at a time: until it has caught up, it does not answer
        follower = new.services.workers.projections[NAME]
        follower.batch_size = max(1, event_count(new.services) // 3)
        steps = 0
        while follower.consumer.position() < position:
            new.services.versions.switch()
            assert states(url)[2] == "building" and not new.ready()
            with pytest.raises(ReadModelBehind):
                new.ask(kit)
            steps += follower.step() > 0
        assert steps >= 3
        new.services.workers.start()
        wait_until(lambda: states(url) == {1: "retired", 2: "active"})
        assert new.ask(kit) == {"opened": 4, "urgent": 2} and new.ready()
        wait_until(lambda: not old.services.versions.answers(NAME))
        assert not old.ready()
        with pytest.raises(ReadModelBehind):
            old.ask(kit)

        # the old deployment still runs (its follower too): its tables stay until it stops
        new.services.versions.switch()
        assert all(tables_of_version_1(url)) and states(url)[1] == "retired"
        with psycopg.connect(url, autocommit=True) as conn:
            assert FollowerLock.of(NAME).holder(conn) is not None
        old.services.close()
        new.services.versions.switch()
        assert tables_of_version_1(url) == [None, None] and states(url)[1] == "dropped"
        assert new.ask(kit) == {"opened": 4, "urgent": 2}
    finally:
        old.services.close()
        new.services.close()
