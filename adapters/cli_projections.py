"""`aftersales projections`: the followers' positions and parked events, and rebuilding read
models from the log (and `parked`, `retry`, `skip`: adapters/cli_parked.py)."""

import time
from typing import Annotated

import psycopg
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from adapters.bootstrap import Services
from adapters.cli_parked import retry_command, show_parked, skip_command
from adapters.postgres.follower import Follower
from adapters.postgres.rebuild import rebuild, status, versions
from adapters.startup import start_service

projections = typer.Typer(help="Read models: their positions in the log, rebuilds, parked events.")
projections.command("parked")(show_parked)
projections.command("retry")(retry_command)
projections.command("skip")(skip_command)
console = Console(stderr=True)


class EventRate(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:,.0f} events/s", style="progress.data.speed")


@projections.command("status")
def show_status() -> None:
    """Each follower's position, the head of the log, its lag, who follows it, what it parked;
    then every version known of each read model (two while a new one is built beside the old)."""
    services = start_service()
    try:
        head = services.app.recorder.max_notification_id() or 0
        parked = services.workers.parked()
        table = Table("follower", "position", "head", "lag", "run by (lock holder)", "parked")
        for follower in services.workers.followers:
            s = status(follower)
            table.add_row(
                s.name,
                str(s.position),
                str(s.head),
                str(s.lag),
                s.holder or "none",
                str(parked.get(s.name, "-")),
            )
        Console(width=160).print(table)
        known = Table("read model", "version", "state", "position", "lag", "run by (lock holder)")
        for v in versions(services.database_url, head):
            position, lag = ("-", "-") if v.position is None else (str(v.position), str(v.lag))
            known.add_row(
                v.version.name, str(v.version.version), v.state, position, lag, v.holder or "none"
            )
        Console(width=160).print(known)
    finally:
        services.close()


@projections.command("rebuild")
def rebuild_command(
    name: Annotated[str | None, typer.Argument(help="one read model; all when left out")] = None,
    wait: Annotated[float, typer.Option(help="seconds to wait for a running follower")] = 30,
) -> None:
    """Drop a read model (or all) and replay the log into it; safe while the service runs."""
    services = start_service()
    try:
        for follower in _chosen(services, name):
            _rebuild_one(services, follower, wait)
    finally:
        services.close()


def _chosen(services: Services, name: str | None) -> list[Follower]:
    if name is None:
        return list(services.workers.projections.values())
    if name not in services.workers.projections:
        known = ", ".join(services.workers.projections)
        raise typer.BadParameter(f"no read model {name!r}; choose from {known}", param_hint="NAME")
    return [services.workers.projections[name]]


def _rebuild_one(services: Services, follower: Follower, wait: float) -> None:
    total = services.app.recorder.max_notification_id() or 0  # about as many events as that
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        EventRate(),
        TimeElapsedColumn(),
    )
    started = time.monotonic()
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(f"rebuilding {follower.name}", total=total)
        try:
            done = rebuild(follower, lambda n: progress.advance(task, n), wait_seconds=wait)
        except psycopg.errors.LockNotAvailable:
            console.print(f"[red]error:[/red] {follower.name} was not handed over in {wait:g} s")
            raise SystemExit(1) from None
        progress.update(task, completed=done, total=done)
    seconds = time.monotonic() - started
    console.print(
        f"rebuilt {follower.name}: {done:,} events in {seconds:.1f} s "
        f"({done / max(seconds, 1e-9):,.0f} events/s)"
    )
