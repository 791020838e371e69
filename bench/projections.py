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
import time
from pathlib import Path
from uuid import UUID

from rich.progress import Progress

from adapters.bootstrap import Services
from adapters.crypto.mapper import PersonalMapper
from adapters.postgres.rebuild import rebuild
from adapters.settings import Settings
from adapters.startup import start_service
from bench.event_log import EventLog
from bench.queue_lag import queue_lag
from bench.support import console, scratch_database, show

SECRET = "bench-" + "s" * 40


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench projections")
    parser.add_argument("--events", type=int, default=200_000, help="events in the log")
    parser.add_argument("--rate", type=float, default=50, help="commands a second, for the lag")
    parser.add_argument("--seconds", type=float, default=10, help="how long the load runs")
    return parser.parse_args()


def write_log(log: EventLog, events: int) -> None:
    with Progress(console=console) as progress:
        task = progress.add_task(f"writing {events:,} events", total=events)
        log.write(events, lambda n: progress.advance(task, n))


def raw_rate(services: Services) -> float:
    """Events a second read by select_notifications and decoded, in the followers' batches
    (each batch's data keys fetched in one query, as the followers fetch them)."""
    recorder, mapper = services.app.recorder, services.app.mapper
    assert isinstance(mapper, PersonalMapper)
    started, after, done = time.perf_counter(), 0, 0
    while batch := recorder.select_notifications(after, 1000, inclusive_of_start=False):
        mapper.prefetch_keys({UUID(str(n.originator_id)) for n in batch})
        for notification in batch:
            mapper.to_domain_event(notification)
        done, after = done + len(batch), batch[-1].id
    return done / (time.perf_counter() - started)


def rebuild_rates(services: Services) -> dict[str, float]:
    rates = {}
    for name, follower in services.workers.projections.items():
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


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    args = options()
    with scratch_database() as url, tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(database_url=url, data_dir=Path(data_dir), token_secret=SECRET)
        services = start_service(settings)
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
