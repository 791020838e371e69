"""Projections: catch-up rate, commit-to-queue lag, and a rebuild's peak memory.

`python -m bench projections [--events N] [--rate R] [--seconds S]`

1. Writes a log of N events (default 200,000; bench/event_log.py) to a scratch database.
2. Reads the whole log with `select_notifications` and decodes every event (the raw rate), then
   rebuilds each read model over it (each one's catch-up rate), in the same run.
   Target: each rebuild runs at a third or more of the raw rate.
3. Runs `aftersales projections rebuild` (all read models) in a child process at N events, and
   again after the log has doubled, and reports each run's peak resident memory. Target: flat.
4. Starts the service's followers and issues R commands a second for S seconds; for each, the
   time from the command's commit until the ticket queue has applied its position.
   Target: p99 under 100 ms.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from rich.progress import Progress

from adapters.bootstrap import Services, bootstrap
from adapters.postgres.rebuild import rebuild
from adapters.settings import Settings
from bench.event_log import EventLog
from bench.support import console, scratch_database, show
from commands import customers, identity, tickets
from commands.answers import Written
from commands.bus import execute
from commands.context import CommandContext
from domain.staff import staff_id_for
from domain.tenant import tenant_id_for
from domain.values import Role
from projections.view import APPLICATION

SECRET = "bench-" + "s" * 40


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench projections")
    parser.add_argument("--events", type=int, default=200_000, help="events in the log")
    parser.add_argument("--rate", type=float, default=50, help="commands a second, for the lag")
    parser.add_argument("--seconds", type=float, default=10, help="how long the load runs")
    return parser.parse_known_args()[0]


def write_log(log: EventLog, events: int) -> None:
    with Progress(console=console) as progress:
        task = progress.add_task(f"writing {events:,} events", total=events)
        log.write(events, lambda n: progress.advance(task, n))


def raw_rate(services: Services) -> float:
    """Events a second read by select_notifications and decoded, in the followers' batches."""
    recorder, mapper = services.app.recorder, services.app.mapper
    started, after, done = time.perf_counter(), 0, 0
    while batch := recorder.select_notifications(after, 1000, inclusive_of_start=False):
        for notification in batch:
            mapper.to_domain_event(notification)
        done, after = done + len(batch), batch[-1].id
    return done / (time.perf_counter() - started)


def rebuild_rates(services: Services) -> dict[str, float]:
    rates = {}
    for name, follower in services.projections.items():
        started = time.perf_counter()
        events = rebuild(follower)
        rates[name] = events / (time.perf_counter() - started)
    return rates


def rebuild_peak_memory(url: str, data_dir: str) -> float:
    """Peak resident memory (MiB) of `aftersales projections rebuild` run on its own."""
    env = {
        **os.environ,
        "AFTERSALES_DATABASE_URL": url,
        "AFTERSALES_DATA_DIR": data_dir,
        "AFTERSALES_TOKEN_SECRET": SECRET,
    }
    cli = Path(sys.executable).parent / "aftersales"
    child = subprocess.Popen(
        [str(cli), "projections", "rebuild"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"the rebuild failed with status {status}")
    return usage.ru_maxrss / 1024  # Linux reports KiB


def queue_lag(services: Services, rate: float, seconds: float) -> list[float]:
    """Milliseconds from each command's commit until the ticket queue has applied it."""
    ctx, customer = staffed_tenant(services)
    services.start_workers()
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
        handler, command = _command(n, ticket, customer)
        answer: Written = execute(handler, command, ctx, services.app)
        ticket = answer.id
        assert answer.position is not None
        with lock:
            committed[answer.position] = time.perf_counter()
    finished.set()
    watcher.join()
    if committed:
        raise SystemExit(f"{len(committed)} commands never showed in the ticket queue")
    return lags


def _command(n: int, ticket: UUID | None, customer: UUID) -> tuple[Any, Any]:
    """Every third command opens a ticket; the others add a note to the last one."""
    if ticket is None or n % 3 == 0:
        device = tickets.DeviceDetails(make="Deye", model="12K", serial_number="LAG-1")
        intake = tickets.OpenTicket(
            customer_id=customer, device=device, fault_description="slow", channel="phone"
        )
        return tickets.open_ticket, intake
    return tickets.add_note, tickets.AddNote(ticket_id=ticket, body=f"note {n}")


def staffed_tenant(services: Services) -> tuple[CommandContext, UUID]:
    created = identity.CreateTenant(
        name="Lag", slug="lag", admin_username="lag-admin", admin_password="benchmark password"
    )
    execute(
        identity.create_tenant, created, CommandContext.system(tenant_id_for("lag")), services.app
    )
    ctx = CommandContext(
        tenant_id=tenant_id_for("lag"),
        actor=str(staff_id_for("lag-admin")),
        roles=frozenset({Role.ADMIN}),
    )
    registration = customers.RegisterCustomer(name="Lag", surname="Test", phone="0825550000")
    return ctx, execute(customers.register_customer, registration, ctx, services.app).id


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    args = options()
    with scratch_database() as url, tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(database_url=url, data_dir=Path(data_dir), token_secret=SECRET)
        services = bootstrap(settings)
        try:
            log = EventLog(services.app)
            write_log(log, args.events)
            raw = raw_rate(services)
            rates = rebuild_rates(services)
            memory = [(args.events, rebuild_peak_memory(url, data_dir))]
            write_log(log, args.events)
            memory.append((2 * args.events, rebuild_peak_memory(url, data_dir)))
            lags = queue_lag(services, args.rate, args.seconds)
        finally:
            services.close()
    show(
        f"Catch-up over {args.events:,} events (target: a third of the raw rate or more)",
        ["read model", "events/s", "of raw"],
        [["raw select_notifications + decode", raw, "100%"]]
        + [[name, rate, f"{rate / raw:.0%}"] for name, rate in rates.items()],
    )
    show(
        "Peak memory of `aftersales projections rebuild` (target: flat)",
        ["events in the log", "peak RSS MiB"],
        [[f"{events:,}", rss] for events, rss in memory],
    )
    show(
        f"Commit to ticket queue at {args.rate:g} commands/s for {args.seconds:g} s "
        "(target: p99 under 100 ms)",
        ["commands", "p50 ms", "p99 ms", "max ms"],
        [[len(lags), percentile(lags, 0.5), percentile(lags, 0.99), max(lags)]],
    )


if __name__ == "__main__":
    main()
