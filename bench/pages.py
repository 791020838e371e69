"""The workspace's pages against the JSON API's same queries, over a tenant's many tickets.

`python -m bench pages [--tickets N] [--samples S]`

1. Creates a tenant and writes N tickets (default 10,000; two to a customer, half of them moved
   to diagnosing) through the application, many to a commit (bench/search_log.py), then lets
   every follower of the log (read models, audit chain, ...) catch up before serving.
2. Serves the app (`aftersales serve`, its workers beside it, all idle by then), signs in twice:
   the sign-in form for a session cookie (the pages), the token endpoint for a bearer (the API).
3. Times S calls (default 200) of each pair, alternating page and API call so both see the same
   load: the queue's first page (`GET /tickets` against `GET /v1/tickets`) and a ticket picked
   at random (`GET /tickets/{id}` against `GET /v1/tickets/{id}`). A call's time is from sending
   to the whole answer read, over loopback with a kept-alive connection. Target (issue 14): a
   page's p50 and p95 within 2x the API's.
"""

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from uuid import uuid4

import httpx
from rich.progress import Progress

from adapters.bootstrap import Services
from adapters.settings import Settings
from adapters.startup import start_service
from bench.projections import percentile
from bench.search_log import SearchLog
from bench.support import console, scratch_database, served_api, show
from commands import identity
from commands.bus import send
from domain.context import RequestContext
from domain.tenant import tenant_id_for

SLUG, ADMIN, PASSWORD = "bench", "bench-admin", "benchmark password"
TICKETS_EACH = 2
WARM = 5


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench pages")
    parser.add_argument("--tickets", type=int, default=10_000, help="tickets in the tenant")
    parser.add_argument("--samples", type=int, default=200, help="calls timed of each address")
    return parser.parse_args()


def seeded(services: Services, tickets: int) -> None:
    """The tenant, its admin, and its tickets; then every follower caught up with them."""
    tenant = RequestContext.system(tenant_id_for(SLUG))
    created = identity.CreateTenant(
        name="Bench", slug=SLUG, admin_username=ADMIN, admin_password=PASSWORD
    )
    send(created, tenant, services.app)
    ctx = RequestContext(tenant_id=tenant.tenant_id, actor=str(uuid4()))
    log = SearchLog(services.app, TICKETS_EACH, [ctx])
    customers = -(-tickets // TICKETS_EACH)
    with Progress(console=console) as progress:
        task = progress.add_task(f"writing {customers * TICKETS_EACH:,} tickets", total=customers)
        log.write(customers, lambda n: progress.advance(task, n))
        head = services.app.recorder.max_notification_id() or 0
        behind = progress.add_task(f"followers catching up to position {head:,}", total=head)
        services.workers.start()
        while lag := max(services.workers.lags(head).values(), default=0):
            progress.update(behind, completed=head - lag)
            time.sleep(0.5)
        progress.update(behind, completed=head)
        services.workers.stop()


def signed_in(base: str) -> tuple[httpx.Client, httpx.Client]:
    """A client with the workspace's session cookie, and one with the API's bearer token."""
    pages = httpx.Client(base_url=base, timeout=30)
    answer = pages.post("/sign-in", data={"username": ADMIN, "password": PASSWORD})
    assert answer.status_code == 303 and pages.cookies, answer.text
    login = {"username": ADMIN, "password": PASSWORD}
    token = httpx.post(f"{base}/v1/auth/token", data=login).json()["access_token"]
    api = httpx.Client(base_url=base, timeout=30, headers={"Authorization": f"Bearer {token}"})
    return pages, api


def timed(client: httpx.Client, path: str) -> float:
    started = time.perf_counter()
    answer = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
    return elapsed


def measured(base: str, samples: int) -> list[list[object]]:
    pages, api = signed_in(base)
    ids = [t["id"] for t in api.get("/v1/tickets", params={"limit": 100}).json()["items"]]
    pick = random.Random(14)

    def a_ticket() -> tuple[str, str]:
        ticket = pick.choice(ids)
        return f"/tickets/{ticket}", f"/v1/tickets/{ticket}"

    pairs: dict[str, Callable[[], tuple[str, str]]] = {
        "queue, first page": lambda: ("/tickets", "/v1/tickets"),
        "a ticket": a_ticket,
    }
    rows: list[list[object]] = []
    with Progress(console=console) as progress:
        for name, paths in pairs.items():
            task = progress.add_task(f"timing {name}", total=samples)
            page_times, api_times = [], []
            for n in range(WARM + samples):
                page_path, api_path = paths()
                page_time, api_time = timed(pages, page_path), timed(api, api_path)
                if n >= WARM:
                    page_times.append(page_time)
                    api_times.append(api_time)
                    progress.advance(task)
            rows.append(figures(name, page_times, api_times))
    return rows


def figures(name: str, page: list[float], api: list[float]) -> list[object]:
    p50, p95 = percentile(page, 0.5), percentile(page, 0.95)
    api50, api95 = percentile(api, 0.5), percentile(api, 0.95)
    return [name, p50, p95, api50, api95, f"{p50 / api50:.2f}", f"{p95 / api95:.2f}"]


def main() -> None:
    args = options()
    with scratch_database() as url, tempfile.TemporaryDirectory() as data_dir:
        services = start_service(Settings(database_url=url, data_dir=Path(data_dir)))
        try:
            seeded(services, args.tickets)
        finally:
            services.close()
        with served_api(url, Path(data_dir)) as base:
            rows = measured(base, args.samples)
    show(
        f"Pages against the API over {args.tickets:,} tickets, {args.samples} calls each, "
        "alternating (ms, from sending to the whole answer read; target: page within 2x)",
        ["address", "page p50", "page p95", "API p50", "API p95", "p50 ratio", "p95 ratio"],
        rows,
    )


if __name__ == "__main__":
    main()
