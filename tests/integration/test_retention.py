"""Retention erases exactly what its policy let go, skips legal holds, and runs once a day."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from adapters.bootstrap import Services
from adapters.postgres.rebuild import read_model
from adapters.schedule import DailyRetention, run_retention
from commands import customers, inbound, privacy, tickets
from commands.bus import send
from domain.context import RequestContext
from domain.customer import Customer
from domain.ticket import Ticket
from domain.values import ContactChannel, IntakeChannel, Resolution, Role
from tests.scenario import opened
from tests.support import TenantKit, caught_up, new_tenant

CLI = Path(sys.executable).parent / "aftersales"


def customer(tenant: TenantKit, held: bool = False) -> UUID:
    app = tenant.services.app
    answer = send(
        customers.RegisterCustomer(name="Ayanda", surname="Zulu", email="a@example.com"),
        tenant.ctx(Role.AGENT),
        app,
    )
    if held:
        send(
            privacy.HoldCustomer(customer_id=answer.id, held=True, reason="case 7"),
            tenant.ctx(Role.COMPLIANCE_OFFICER),
            app,
        )
    return answer.id


def ticket(tenant: TenantKit, customer_id: UUID, closed: bool) -> UUID:
    app = tenant.services.app
    ctx = tenant.ctx(Role.AGENT)
    opened = send(
        tickets.OpenTicket(
            customer_id=customer_id,
            device=tickets.DeviceDetails(make="Growatt", model="SPF", serial_number="GW-9"),
            fault_description="Ayanda says it beeps at night",
            channel=IntakeChannel.PHONE,
        ),
        ctx,
        app,
    )
    if closed:
        send(
            tickets.CloseTicket(
                ticket_id=opened.id, resolution=Resolution.REPAIRED, summary="Fixed for Ayanda"
            ),
            ctx,
            app,
        )
    return opened.id


def reply(tenant: TenantKit, customer_id: UUID, ticket_id: UUID) -> UUID:
    """The customer's SMS on the ticket, as the webhook records it."""
    received = inbound.ReceiveMessage(
        channel=ContactChannel.SMS,
        provider_id=f"sms-{ticket_id}",
        sender="+27825550101",
        body="Ayanda here: is it fixed?",
        sent_at=datetime.now(UTC),
        customer_ids=(customer_id,),
        ticket_id=ticket_id,
        ticket_customer_id=customer_id,
    )
    app = tenant.services.app
    return send(received, RequestContext.system(tenant.id), app).id


def policy(tenant: TenantKit, customer_days: int | None, ticket_text_days: int | None) -> None:
    send(
        privacy.SetRetention(customer_days=customer_days, ticket_text_days=ticket_text_days),
        tenant.ctx(Role.ADMIN),
        tenant.services.app,
    )


def load_customer(services: Services, customer_id: UUID) -> Customer:
    found: Customer = services.app.repository.get(customer_id)
    return found


def test_a_run_erases_exactly_the_expired_customers_and_skips_those_on_hold(
    services: Services,
) -> None:
    tenant = new_tenant(services)
    policy(tenant, customer_days=30, ticket_text_days=None)
    idle = customer(tenant)
    busy = customer(tenant)
    ticket(tenant, busy, closed=False)
    held = customer(tenant, held=True)
    done = customer(tenant)
    ticket(tenant, done, closed=True)
    unruled = new_tenant(services)
    untouched = customer(unruled)
    caught_up(services)

    early = run_retention(services, datetime.now(UTC) + timedelta(days=29))
    assert {idle, busy, held, done} & {*early.erased, *early.held} == set()

    as_of = datetime.now(UTC) + timedelta(days=31)
    env = {
        **os.environ,
        "AFTERSALES_DATABASE_URL": services.database_url,
        "AFTERSALES_DATA_DIR": str(services.settings.data_dir),
    }
    run = subprocess.run(
        [str(CLI), "retention", "run", "--as-of", as_of.strftime("%Y-%m-%dT%H:%M:%S")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert f"kept by a legal hold: {held}" in run.stderr and "customers erased" in run.stderr

    erased = {c for c in (idle, busy, held, done, untouched) if load_customer(services, c).erased}
    assert erased == {idle, done}
    erasure = list(services.app.events.get(idle))[-1]
    assert isinstance(erasure, Customer.Erased) and erasure.meta["actor"] == "system"  # type: ignore[attr-defined]
    assert (erasure.ground, erasure.reason) == ("retention", None)
    assert load_customer(services, held).name == "Ayanda"


def test_a_run_deidentifies_the_text_of_tickets_finished_long_ago(services: Services) -> None:
    tenant = new_tenant(services)
    policy(tenant, customer_days=None, ticket_text_days=10)
    person = customer(tenant)
    finished = ticket(tenant, person, closed=True)
    running = ticket(tenant, person, closed=False)
    held = customer(tenant, held=True)
    held_ticket = ticket(tenant, held, closed=True)
    said, still_said = reply(tenant, person, finished), reply(tenant, person, running)
    caught_up(services)

    summary = run_retention(services, datetime.now(UTC) + timedelta(days=11))
    assert finished in summary.deidentified and held_ticket in summary.held
    assert running not in summary.deidentified
    old: Ticket = services.app.repository.get(finished)
    assert (old.fault_description, old.summary, old.deidentified) == (None, None, True)
    assert old.device.serial_number == "GW-9"
    assert services.app.repository.get(running).fault_description.startswith("Ayanda")
    assert services.app.repository.get(held_ticket).fault_description.startswith("Ayanda")
    assert load_customer(services, person).name == "Ayanda"
    assert services.app.repository.get(said).content is None
    assert services.app.repository.get(still_said).content.body.startswith("Ayanda")
    caught_up(services)
    assert read_model_rows_saying(services, finished, "Ayanda") == []
    assert read_model_rows_saying(services, running, "Ayanda") != []
    again = run_retention(services, datetime.now(UTC) + timedelta(days=11))
    assert finished not in again.deidentified


def read_model_rows_saying(services: Services, ticket_id: UUID, word: str) -> list[str]:
    """Every row about the ticket, in any read model's tables, whose text (sealed columns
    opened) holds the word."""
    found: list[str] = []
    with psycopg.connect(services.database_url, row_factory=dict_row) as conn:
        for follower in services.workers.projections.values():
            view = read_model(follower)
            for table in view.tables:
                columns = conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
                    (table.name,),
                )
                if {"column_name": "ticket_id"} in columns.fetchall():
                    rows = conn.execute(
                        sql.SQL("SELECT * FROM {} WHERE ticket_id = %s").format(table.sql),
                        (ticket_id,),
                    )
                    shown = [str(row) for row in opened(services, view, table, rows)]
                    found += [text for text in shown if word in text]
    return found


def test_of_several_replicas_only_one_runs_the_day(services: Services) -> None:
    now = datetime.now(UTC).replace(hour=23, minute=0)
    replicas = [DailyRetention(services, hour=2), DailyRetention(services, hour=2)]
    assert replicas[0].tick(now.replace(hour=1)) is None
    runs = [replica.tick(now) for replica in replicas]
    assert runs[0] is not None and runs[1] is None
    assert replicas[1].tick(now + timedelta(hours=1)) is None
    assert replicas[1].tick(now + timedelta(days=1)) is not None
