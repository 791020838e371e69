"""HTTP commands per second (open a ticket, then three updates) against the raw library's saves.

At 1, 4 and 16 concurrent clients: the API served by `aftersales serve` in its own process, and
the eventsourcing library saving the same aggregates directly in this process, on the same
PostgreSQL. Prints both rates and their ratio.
"""

import argparse
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Lock
from uuid import UUID, uuid4

import httpx
from eventsourcing.application import Application
from rich.progress import Progress

from adapters.postgres.database import eventsourcing_env
from adapters.settings import Settings
from adapters.startup import start_service
from bench.support import console, scratch_database, served_api, show
from commands import identity
from commands.bus import send
from domain.context import RequestContext
from domain.customer import Customer
from domain.tenant import tenant_id_for
from domain.ticket import Ticket
from domain.ticket_register import TicketRegister
from domain.ticket_status import TicketStatus
from domain.ticket_values import Device
from domain.values import ContactChannel, IntakeChannel, Priority

CLIENTS = (1, 4, 16)
SECONDS = 10.0
PASSWORD = "benchmark password"


def http_rate(
    base: str, clients: int, customer_id: str, token: str, assignee: str, seconds: float
) -> float:
    """Commands per second: each client opens a ticket, then assigns, moves and notes it."""
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + seconds

    def client_loop(_: int) -> int:
        done = 0
        with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
            while time.monotonic() < deadline:
                opened = http.post(
                    "/v1/tickets",
                    json={
                        "customer_id": customer_id,
                        "device": {"make": "Sunsynk", "model": "8K", "serial_number": "SS-1"},
                        "fault_description": "No output",
                        "channel": "walk_in",
                    },
                )
                assert opened.status_code == 201, opened.text
                ticket = f"/v1/tickets/{opened.json()['id']}"
                for path, body in (
                    ("assignment", {"assignee_id": assignee}),
                    ("status", {"status": "diagnosing"}),
                    ("notes", {"body": "On the bench"}),
                ):
                    response = http.post(f"{ticket}/{path}", json=body)
                    assert response.status_code < 300, response.text
                done += 4
        return done

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        total = sum(pool.map(client_loop, range(clients)))
    return total / (time.monotonic() - started)


def raw_rate(app: Application[UUID], clients: int, seconds: float) -> float:
    """The same saves through the library alone: no HTTP, auth, context or idempotency."""
    customer = Customer.register(
        tenant_id=uuid4(),
        name="Bench",
        surname="Mark",
        phone="0825551234",
        email=None,
        consents={ContactChannel.SMS: True},
        consent_source="bench",
    )
    app.save(customer)
    register = TicketRegister.start(uuid4())
    app.save(register)
    assignee = uuid4()
    deadline = time.monotonic() + seconds

    register_lock = Lock()

    def client_loop(_: int) -> int:
        done = 0
        while time.monotonic() < deadline:
            with register_lock:
                current: TicketRegister = app.repository.get(register.id)
                ticket = Ticket.open(
                    register=current,
                    customer_id=customer.id,
                    device=Device("Sunsynk", "8K", "SS-1"),
                    fault_description="No output",
                    priority=Priority.NORMAL,
                    channel=IntakeChannel.WALK_IN,
                )
                app.save(ticket, current)
            for step in range(3):
                loaded: Ticket = app.repository.get(ticket.id)
                if step == 0:
                    loaded.assign(assignee)
                elif step == 1:
                    loaded.change_status(TicketStatus.DIAGNOSING)
                else:
                    loaded.add_note("On the bench")
                app.save(loaded)
            done += 4
        return done

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        total = sum(pool.map(client_loop, range(clients)))
    return total / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench core")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="per client count")
    seconds = parser.parse_args().seconds
    with scratch_database() as url, tempfile.TemporaryDirectory() as data_dir:
        services = start_service(Settings(database_url=url, data_dir=Path(data_dir), pool_size=16))
        slug = "bench"
        send(
            identity.CreateTenant(
                name="Bench", slug=slug, admin_username="bench-admin", admin_password=PASSWORD
            ),
            RequestContext.system(tenant_id_for(slug)),
            services.app,
        )
        services.close()
        raw_app: Application[UUID] = Application(
            env={**eventsourcing_env(url, 16), "POSTGRES_SCHEMA": "public", "CREATE_TABLE": "y"}
        )
        rows = []
        with (
            served_api(url, Path(data_dir), separate_workers=True) as base,
            Progress(console=console) as progress,
        ):
            token = httpx.post(
                f"{base}/v1/auth/token", data={"username": "bench-admin", "password": PASSWORD}
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            me = httpx.get(f"{base}/v1/me", headers=headers).json()
            customer = httpx.post(
                f"{base}/v1/customers",
                json={"name": "Bench", "surname": "Mark", "phone": "0825551234"},
                headers=headers,
            ).json()["id"]
            task = progress.add_task("commands/s at 1, 4, 16 clients", total=len(CLIENTS) * 2)
            for clients in CLIENTS:
                api = http_rate(base, clients, customer, token, me["id"], seconds)
                progress.advance(task)
                raw = raw_rate(raw_app, clients, seconds)
                progress.advance(task)
                rows.append([clients, api, raw, f"{api / raw:.0%}"])
        raw_app.close()
    show(
        "HTTP commands/s vs the raw eventsourcing library (open + 3 updates)",
        ["clients", "API commands/s", "raw library saves/s", "API / raw"],
        rows,
    )


if __name__ == "__main__":
    main()
