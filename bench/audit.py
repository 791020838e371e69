"""Verification of the hash chain against a raw SHA-256 chain over the same bytes.

Seeds a history of N events (default 200,000), links it into the chain, then times a full
verification (PostgreSQL recomputes every link, in slices on every core, and checks the links
follow one another) beside the same chain computed with hashlib over the same record bytes
already in memory, and reports this process's peak memory during verification at N and 2N.
"""

import argparse
import time
import tracemalloc
from pathlib import Path
from tempfile import TemporaryDirectory

import psycopg
from rich.progress import Progress

from adapters.audit.records import GENESIS, chain_link, record_bytes
from adapters.audit.verify import verify
from adapters.bootstrap import Services
from adapters.settings import Settings
from adapters.startup import start_service
from bench.history import seed_history
from bench.support import console, scratch_database, show


def raw_rate(database_url: str) -> float:
    """Records per second of plain SHA-256 chaining over the same record bytes, in memory."""
    records = []
    with psycopg.connect(database_url) as conn:
        for row in conn.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM aftersales_events ORDER BY notification_id"
        ):
            records.append(record_bytes(row[0], row[1], row[2], row[3], bytes(row[4])))
    started = time.perf_counter()
    link = GENESIS
    for record in records:
        link = chain_link(link, record)
    return len(records) / (time.perf_counter() - started)


def timed_verification(services: Services) -> tuple[float, int]:
    """Records per second and records checked of one full verification."""
    started = time.perf_counter()
    result = verify(services.database_url, services.signer.public_key)
    seconds = time.perf_counter() - started
    assert result.ok, result.broken
    return result.checked / seconds, result.checked


def peak_memory(services: Services) -> int:
    """The most memory (bytes) this process held during a verification."""
    tracemalloc.start()
    verify(services.database_url, services.signer.public_key)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def grow(services: Services, events: int, progress: Progress) -> None:
    task = progress.add_task(f"seeding {events:,} events", total=events)
    seed_history(services, events, lambda n: progress.advance(task, n))
    chain = next(f for f in services.workers.followers if f.name == "audit_chain")
    linking = progress.add_task("linking the chain", total=chain.lag())
    chain.catch_up(lambda n: progress.advance(linking, n))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench audit")
    parser.add_argument("--events", type=int, default=200_000)
    events = parser.parse_args().events
    rows: list[list[object]] = []
    with scratch_database() as url, TemporaryDirectory() as data_dir:
        services = start_service(Settings(database_url=url, data_dir=Path(data_dir)))
        try:
            for size in (events, 2 * events):
                with Progress(console=console) as progress:
                    grow(services, size - (events if rows else 0), progress)
                rate, checked = timed_verification(services)
                raw = raw_rate(url)
                peak = peak_memory(services)
                rows.append([checked, rate, raw, f"{rate / raw:.0%}", f"{peak / 2**20:.1f}"])
        finally:
            services.close()
    show(
        "Hash-chain verification vs raw SHA-256 over the same bytes",
        ["records", "verify records/s", "raw SHA-256 records/s", "verify / raw", "peak MiB"],
        rows,
    )
