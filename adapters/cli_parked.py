"""`aftersales projections parked | retry | skip`: the events followers parked, and an
operator's decisions on them (adapters/postgres/parked_replay.py)."""

import getpass
import socket
from collections.abc import Callable
from typing import Annotated

import psycopg
import typer
from rich.console import Console
from rich.table import Table

from adapters.bootstrap import Services
from adapters.postgres.follower import Follower
from adapters.postgres.parked_events import PARKED, RETRIED, SKIPPED
from adapters.postgres.parked_replay import NotParked, Replayed, retry, skip
from adapters.startup import start_service

console = Console(stderr=True)
Wait = Annotated[float, typer.Option(help="seconds to wait for a running follower")]
By = Annotated[str | None, typer.Option(help="who decides (by default: user@host)")]


def show_parked(
    name: Annotated[str | None, typer.Argument(help="one follower; all when left out")] = None,
    every: Annotated[bool, typer.Option("--all", help="also those retried or skipped")] = False,
) -> None:
    """The parked events: follower, position in the log, aggregate, event, tenant, the error."""
    services = start_service()
    try:
        if name is not None:
            _chosen(services, name)
        states = (PARKED, RETRIED, SKIPPED) if every else (PARKED,)
        table = Table(
            "follower",
            "id",
            "aggregate",
            "event",
            "tenant",
            "tries",
            "last failed",
            "error",
            "state",
            "decided",
        )
        for e in services.parked_events.of(name, states):
            held = f"held behind {e.held_by}" if e.held_by else f"{e.error_class}: {e.error}"
            decided = (
                f"{e.decided_by} {e.decided_at:%Y-%m-%d %H:%M} {e.reason or ''}".strip()
                if e.decided_at
                else ""
            )
            table.add_row(
                e.follower,
                str(e.notification_id),
                str(e.aggregate_id),
                f"{e.topic.rsplit(':', 1)[-1]} v{e.aggregate_version}",
                str(e.tenant_id or "?"),
                str(e.tries),
                f"{e.last_failed_at:%Y-%m-%d %H:%M:%S}",
                held,
                e.state,
                decided,
            )
        Console(width=200).print(table)
    finally:
        services.close()


def retry_command(
    name: Annotated[str, typer.Argument(help="the follower whose parked events to replay")],
    wait: Wait = 30,
    by: By = None,
) -> None:
    """Replay a follower's parked events (after a fix), each aggregate's in the log's order."""
    services = start_service()
    try:
        follower = _chosen(services, name)
        _report(follower, _decided(follower, wait, lambda: retry(follower, _by(by), wait)))
    finally:
        services.close()


def skip_command(
    name: Annotated[str, typer.Argument(help="the follower that parked it")],
    notification_id: Annotated[int, typer.Argument(help="the parked event's id in the log")],
    reason: Annotated[str, typer.Option(help="why it is left unapplied, for the record")],
    wait: Wait = 30,
    by: By = None,
) -> None:
    """Record the decision to leave a parked event unapplied; replay those held behind it."""
    services = start_service()
    try:
        follower = _chosen(services, name)
        done = _decided(
            follower, wait, lambda: skip(follower, notification_id, reason, _by(by), wait)
        )
        console.print(f"skipped {notification_id} of {name}: {reason}")
        _report(follower, done)
    finally:
        services.close()


def _decided(
    follower: Follower, wait: float, decide: Callable[[], list[Replayed]]
) -> list[Replayed]:
    try:
        return decide()
    except psycopg.errors.LockNotAvailable:
        console.print(f"[red]error:[/red] {follower.name} was not handed over in {wait:g} s")
        raise SystemExit(1) from None
    except NotParked as missing:
        console.print(f"[red]error:[/red] {missing}")
        raise SystemExit(1) from None


def _report(follower: Follower, replayed: list[Replayed]) -> None:
    for r in replayed:
        if r.error is None:
            console.print(f"applied {r.notification_id}")
        else:
            console.print(
                f"[red]still failing[/red] {r.notification_id}: {r.error[0]}: {r.error[1]}"
            )
    failed = sum(1 for r in replayed if r.error)
    console.print(f"{follower.name}: {len(replayed) - failed} applied, {failed} still failing")
    if failed:
        raise SystemExit(1)


def _chosen(services: Services, name: str) -> Follower:
    follower = services.workers.follower(name)
    if follower is None or follower.parking is None:
        known = ", ".join(f.name for f in services.workers.followers if f.parking is not None)
        raise typer.BadParameter(
            f"no follower {name!r} parks events; choose from {known}", param_hint="NAME"
        )
    return follower


def _by(by: str | None) -> str:
    return by or f"{getpass.getuser()}@{socket.gethostname()}"
