"""What privacy costs: a read model rebuilt over encrypted events (every personal field opened,
with a cold key cache), and the latency of an erasure (keys destroyed and read models cleared in
the erasure's transaction).

`AFTERSALES_BENCH_CUSTOMERS` customers (default 2000), each with one ticket, then 100 erasures.
Targets: the rebuild applies at least 2000 events/s; an erasure's median is under 100 ms.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path
from uuid import UUID

from rich.progress import Progress

from adapters.bootstrap import Services
from adapters.settings import Settings
from adapters.startup import start_service
from bench.support import console, scratch_database, show
from commands import customers, identity, privacy, tickets
from commands.bus import send
from domain.context import RequestContext
from domain.tenant import tenant_id_for
from domain.values import IntakeChannel

ERASURES = 100


def populate(services: Services, ctx: RequestContext, count: int) -> list[UUID]:
    ids = []
    with Progress(console=console) as progress:
        task = progress.add_task("customers and tickets", total=count)
        for n in range(count):
            customer = send(
                customers.RegisterCustomer(
                    name=f"Name {n}", surname=f"Surname {n}", email=f"c{n}@example.com"
                ),
                ctx,
                services.app,
            )
            send(
                tickets.OpenTicket(
                    customer_id=customer.id,
                    device=tickets.DeviceDetails(make="Sunsynk", model="8K", serial_number="SS-1"),
                    fault_description=f"Fault of customer {n}: no output after load shedding",
                    channel=IntakeChannel.PHONE,
                ),
                ctx,
                services.app,
            )
            ids.append(customer.id)
            progress.advance(task)
    return ids


def rebuild_rate(settings: Settings) -> float:
    """Events per second applied rebuilding the retention read model, with a cold key cache."""
    services = start_service(settings)
    try:
        follower = services.workers.projections["retention"]
        follower.consumer.projection.view.drop()  # type: ignore[attr-defined]
        started = time.monotonic()
        applied = follower.catch_up()
        return applied / (time.monotonic() - started)
    finally:
        services.close()


def erasure_latencies(services: Services, ctx: RequestContext, ids: list[UUID]) -> list[float]:
    latencies = []
    for customer_id in ids[:ERASURES]:
        started = time.monotonic()
        send(
            privacy.EraseCustomer(customer_id=customer_id, reason="benchmark"),
            ctx,
            services.app,
        )
        latencies.append((time.monotonic() - started) * 1000)
    return latencies


def main() -> None:
    count = int(os.environ.get("AFTERSALES_BENCH_CUSTOMERS", "2000"))
    with scratch_database() as url, tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            database_url=url, data_dir=Path(data_dir), pool_size=8, create_demo_tenant=False
        )
        services = start_service(settings)
        try:
            ctx = RequestContext.system(tenant_id_for("bench"))
            send(
                identity.CreateTenant(
                    name="Bench",
                    slug="bench",
                    admin_username="bench-admin",
                    admin_password="benchmark password",
                ),
                ctx,
                services.app,
            )
            ids = populate(services, ctx, count)
            rate = rebuild_rate(settings)
            latencies = erasure_latencies(services, ctx, ids)
        finally:
            services.close()
    show(
        f"Privacy costs ({count} customers with a ticket, {len(latencies)} erasures)",
        ["rebuild events/s (cold keys)", "erasure p50 ms", "erasure p95 ms"],
        [[rate, statistics.median(latencies), statistics.quantiles(latencies, n=20)[-1]]],
    )


if __name__ == "__main__":
    main()
