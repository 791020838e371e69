"""Customer search and the ticket queue over a large log: p50 and p95 of each query.

`python -m bench search [--customers N] [--tickets-each T] [--samples S]`

1. Writes N customers (default 50,000) with T tickets each (default 2: 100,000 tickets) to a
   scratch database (bench/search_log.py), then rebuilds the customer directory and the ticket
   queue from the log.
2. Copies the customers' plaintext into a table of the first wave's shape (names, phones and
   emails in the clear, btree indexes on them): the raw baseline, searched with that shape's SQL.
3. Times S calls (default 300) of each query as the service runs it (`queries/`, keys opened):
   customer search by phone, by email, by a name or surname prefix (1 to 6 characters), the
   directory's first page, and the ticket queue's first page and a page filtered by status;
   and the baseline's same searches, in the same run. Target (issue 13): within 10% of the p95
   before the read models were sealed.
"""

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.progress import Progress

from adapters.bootstrap import Services
from adapters.postgres.rebuild import rebuild
from adapters.settings import Settings
from adapters.startup import start_service
from bench.projections import SECRET, percentile
from bench.search_log import SearchLog
from bench.support import console, scratch_database, show
from domain.context import RequestContext
from domain.ticket_status import TicketStatus
from domain.values import Role
from queries.customers import customer_search
from queries.ticket_queue import Order, TicketFilters, ticket_queue

NEWEST = Order.NEWEST

PLAIN = """
CREATE UNLOGGED TABLE bench_plain_directory (
    customer_id uuid PRIMARY KEY, tenant_id uuid NOT NULL, name text, surname text, phone text,
    email text, full_name text COLLATE "C" GENERATED ALWAYS AS (
        lower(coalesce(name, '') || ' ' || coalesce(surname, ''))) STORED);
CREATE INDEX ON bench_plain_directory (tenant_id, phone);
CREATE INDEX ON bench_plain_directory (tenant_id, lower(email));
CREATE INDEX ON bench_plain_directory (tenant_id, full_name, customer_id);
CREATE INDEX ON bench_plain_directory (tenant_id, lower(surname) COLLATE "C");
"""
PLAIN_SEARCH = (
    "SELECT customer_id, name, surname, phone, email FROM bench_plain_directory "
    "WHERE tenant_id = %(tenant)s AND ({}) ORDER BY full_name, customer_id LIMIT 51"
)
MATCH = {
    "phone": "phone = %(q)s",
    "email": "lower(email) = %(q)s",
    "name prefix": "full_name LIKE %(q)s || '%%' "
    "OR lower(surname) COLLATE \"C\" LIKE %(q)s || '%%'",
    "first page": "true",
}


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench search")
    parser.add_argument("--customers", type=int, default=50_000, help="customers in the log")
    parser.add_argument("--tickets-each", type=int, default=2, help="tickets of each customer")
    parser.add_argument("--samples", type=int, default=300, help="calls timed of each query")
    return parser.parse_args()


def written(services: Services, customers: int, tickets_each: int) -> SearchLog:
    log = SearchLog(services.app, tickets_each)
    with Progress(console=console) as progress:
        task = progress.add_task(
            f"writing {customers:,} customers and their tickets", total=customers
        )
        log.write(customers, lambda n: progress.advance(task, n))
    for name in ("customer_directory", "ticket_queue"):
        with console.status(f"rebuilding {name} from the log"):
            events = rebuild(services.workers.projections[name])
        console.print(f"rebuilt {name} over {events:,} events")
    return log


def plain_baseline(services: Services, log: SearchLog) -> None:
    with services.datastore.transaction(commit=True) as curs:
        curs.execute(PLAIN)
        columns = "customer_id, tenant_id, name, surname, phone, email"
        with curs.copy(f"COPY bench_plain_directory ({columns}) FROM STDIN") as copy:
            for p in log.people:
                tenant = log.contexts[p.tenant].tenant_id
                copy.write_row((p.customer_id, tenant, p.name, p.surname, p.phone, p.email))
    with services.datastore.transaction(commit=True) as curs:
        curs.execute("ANALYZE")  # every table, the read models' too


def timed(call: Callable[[], object], samples: int) -> list[float]:
    for _ in range(5):
        call()  # warm
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


class Workload:
    """The queries timed: each call picks a customer (or a tenant) at random."""

    def __init__(self, services: Services, log: SearchLog) -> None:
        self.services, self.people, self.pick = services, log.people, random.Random(7)
        self.contexts = [
            RequestContext(tenant_id=c.tenant_id, actor=c.actor, roles=frozenset({Role.ADMIN}))
            for c in log.contexts
        ]

    def query(self, kind: str) -> tuple[RequestContext, str | None]:
        """A tenant, and what its desk types to find one of its customers (None: no filter)."""
        person = self.pick.choice(self.people)
        ctx = self.contexts[person.tenant]
        if kind == "phone":
            return ctx, "0" + person.phone[3:]
        if kind == "email":
            return ctx, person.email.upper()
        if kind == "name prefix":
            return ctx, self.pick.choice([person.name, person.surname])[: self.pick.randint(1, 6)]
        return ctx, None

    def search(self, kind: str) -> Callable[[], object]:
        return lambda: customer_search(self.services.read_store, *self.query(kind), 50, None)

    def plain(self, kind: str) -> Callable[[], object]:
        def call() -> object:
            ctx, q = self.query(kind)
            given = "+27" + q[1:] if kind == "phone" and q else (q or "").lower()
            with self.services.datastore.transaction(commit=False) as curs:
                sql = PLAIN_SEARCH.format(MATCH[kind])
                return curs.execute(sql, {"tenant": ctx.tenant_id, "q": given}).fetchall()

        return call

    def queue(self, filters: TicketFilters) -> Callable[[], object]:
        db = self.services.read_store
        return lambda: ticket_queue(db, self.pick.choice(self.contexts), filters, NEWEST, 50, None)


def figures(name: str, got: list[float], base: list[float]) -> list[object]:
    p95, base95 = percentile(got, 0.95), percentile(base, 0.95)
    return [name, percentile(got, 0.5), p95, percentile(base, 0.5), base95, f"{p95 / base95:.2f}"]


def measured(work: Workload, samples: int) -> list[list[object]]:
    rows: list[list[object]] = []
    with console.status("timing the queries") as status:
        for kind in MATCH:
            status.update(f"timing customer search: {kind}")
            base, got = timed(work.plain(kind), samples), timed(work.search(kind), samples)
            rows.append(figures(f"customer search: {kind}", got, base))
        base = timed(work.plain("first page"), samples)
        for name, filters in (
            ("ticket queue: first page", TicketFilters()),
            ("ticket queue: diagnosing", TicketFilters(status=TicketStatus.DIAGNOSING)),
        ):
            status.update(f"timing {name}")
            rows.append(figures(name, timed(work.queue(filters), samples), base))
    return rows


def main() -> None:
    args = options()
    with scratch_database() as url, tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(database_url=url, data_dir=Path(data_dir), token_secret=SECRET)
        services = start_service(settings)
        try:
            log = written(services, args.customers, args.tickets_each)
            plain_baseline(services, log)
            rows = measured(Workload(services, log), args.samples)
        finally:
            services.close()
    show(
        f"Queries over {args.customers:,} customers, {args.customers * args.tickets_each:,} "
        f"tickets, {args.samples} calls each (baseline: the same searches on a plaintext table "
        "of the first wave's shape, in the same run; the queue's: its first page)",
        ["query", "p50 ms", "p95 ms", "baseline p50", "baseline p95", "p95 / baseline"],
        rows,
    )


if __name__ == "__main__":
    main()
