"""Lag from a command's commit to its visibility in the ticket queue, under a steady load."""

import threading
import time
from uuid import UUID

import psycopg
from rich.progress import Progress

from adapters.bootstrap import Services
from bench.support import console
from commands import customers, identity, tickets
from commands.answers import Written
from commands.bus import Command, send
from domain.context import RequestContext
from domain.staff import staff_id_for
from domain.tenant import tenant_id_for
from domain.values import Role
from projections.view import APPLICATION


def queue_lag(services: Services, rate: float, seconds: float) -> list[float]:
    """Milliseconds from each command's commit until the ticket queue has applied it."""
    ctx, customer = staffed_tenant(services)
    services.workers.start()
    workers_caught_up(services)
    committed: dict[int, float] = {}
    lock = threading.Lock()
    lags: list[float] = []
    finished = threading.Event()

    def watch() -> None:
        query = "SELECT notification_id FROM ticket_queue_tracking WHERE application_name = %s"
        deadline = float("inf")
        with psycopg.connect(services.database_url, autocommit=True) as conn:
            while time.perf_counter() < deadline:
                row = conn.execute(query, (APPLICATION,)).fetchone()
                applied, now = int(str(row[0])) if row else 0, time.perf_counter()
                with lock:
                    for position in [p for p in committed if p <= applied]:
                        lags.append((now - committed.pop(position)) * 1000)
                    if finished.is_set():
                        if not committed:
                            return
                        deadline = min(deadline, now + 30)
                time.sleep(0.0005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started, ticket = time.perf_counter(), None
    for n in range(int(rate * seconds)):
        time.sleep(max(0.0, started + n / rate - time.perf_counter()))
        command = _command(n, ticket, customer)
        answer: Written = send(command, ctx, services.app)
        ticket = answer.id
        assert answer.position is not None
        with lock:
            committed[answer.position] = time.perf_counter()
    finished.set()
    watcher.join()
    if committed:
        raise SystemExit(f"{len(committed)} commands never showed in the ticket queue")
    return lags


def workers_caught_up(services: Services) -> None:
    """Wait until every worker has reached the head of the log, so the load is measured alone."""
    behind = sum(services.workers.lags().values())
    with Progress(console=console) as progress:
        task = progress.add_task("workers catching up", total=max(behind, 1))
        while (lag := sum(services.workers.lags().values())) > 0:
            progress.update(task, completed=behind - lag)
            time.sleep(0.2)
        progress.update(task, completed=max(behind, 1))


def _command(n: int, ticket: UUID | None, customer: UUID) -> Command[Written]:
    """Every third command opens a ticket; the others add a note to the last one."""
    if ticket is None or n % 3 == 0:
        device = tickets.DeviceDetails(make="Deye", model="12K", serial_number="LAG-1")
        intake = tickets.OpenTicket(
            customer_id=customer, device=device, fault_description="slow", channel="phone"
        )
        return intake
    return tickets.AddNote(ticket_id=ticket, body=f"note {n}")


def staffed_tenant(services: Services) -> tuple[RequestContext, UUID]:
    created = identity.CreateTenant(
        name="Lag", slug="lag", admin_username="lag-admin", admin_password="benchmark password"
    )
    send(created, RequestContext.system(tenant_id_for("lag")), services.app)
    ctx = RequestContext(
        tenant_id=tenant_id_for("lag"),
        actor=str(staff_id_for("lag-admin")),
        roles=frozenset({Role.ADMIN}),
    )
    registration = customers.RegisterCustomer(name="Lag", surname="Test", phone="0825550000")
    return ctx, send(registration, ctx, services.app).id
