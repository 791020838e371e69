"""`aftersales retention ...` and `aftersales keys ...`: privacy work an operator runs."""

from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import UUID

import typer
from rich.console import Console
from rich.progress import Progress

from adapters.crypto.data_key_cache import DataKeyCache
from adapters.crypto.seal import Sealed, seal
from adapters.postgres.kek_epochs import KeyState, SealRunning
from adapters.schedule import due
from adapters.startup import start_service
from commands.retention_run import apply_retention

retention = typer.Typer(help="Retention: erase what the tenants' policies let go.")
keys = typer.Typer(help="Data keys, the KEK epochs that wrap them, and the seal of erasures.")
console = Console(stderr=True)


@retention.command("run")
def run_retention(
    as_of: Annotated[
        datetime | None, typer.Option(help="apply the policies as at this time, UTC (default now)")
    ] = None,
) -> None:
    """Erase expired customers and de-identify expired tickets' free text, as `system`."""
    moment = as_of or datetime.now(UTC)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    services = start_service()
    try:
        work = due(services, moment)
        with Progress(console=console) as progress:
            task = progress.add_task("retention", total=len(work))
            summary = apply_retention(services.app, work, moment, lambda: progress.advance(task))
    finally:
        services.close()
    console.print(
        f"Retention as of {moment:%Y-%m-%d %H:%M} UTC: {len(summary.erased)} customers erased, "
        f"{len(summary.deidentified)} tickets de-identified."
    )
    for held in summary.held:
        console.print(f"  kept by a legal hold: {held}")
    for skipped in summary.skipped:
        console.print(f"  changed meanwhile, left for the next run: {skipped}")


@keys.command("seal")
def seal_erasures() -> None:
    """Re-wrap every live data key under a new KEK epoch, then destroy the older KEKs: every
    erasure so far then holds against any copy of the database (dead rows, WAL, backups)."""
    services = start_service()
    try:
        sealed = _seal(services.keys, services.settings.seal_batch, "re-wrapping data keys")
        if sealed.resumed:  # that finished a seal that had stopped: now seal what came since
            sealed = _seal(services.keys, services.settings.seal_batch, "sealing again")
    except SealRunning:
        console.print("Another process is sealing; the erasures before it began are sealed.")
        raise typer.Exit(1) from None
    finally:
        services.close()
    console.print(
        f"Sealed: {sealed.rewrapped} live data keys re-wrapped under epoch {sealed.epoch}; "
        f"KEKs destroyed: {', '.join(map(str, sealed.destroyed)) or 'none'}. Every erasure "
        "before now is sealed."
    )


def _seal(keys: DataKeyCache, batch: int, label: str) -> Sealed:
    with Progress(console=console) as progress:
        task = progress.add_task(label, total=None)
        return seal(
            keys, lambda done, total: progress.update(task, completed=done, total=total), batch
        )


@keys.command("status")
def key_status(
    key: Annotated[
        UUID | None, typer.Option(help="one data key (a customer's id): its state")
    ] = None,
) -> None:
    """The KEK epochs, the live data keys each wraps, and the erasures awaiting the seal."""
    services = start_service()
    try:
        epochs = services.keys.keyring.epochs
        census, stored = epochs.census(), set(services.keys.keyring.store.epochs())
        state = epochs.key_state(key) if key else None
    finally:
        services.close()
    print(f"{'epoch':>5}  {'created':<16}  {'retired':<16}  {'KEK':<9}  live keys  erased keys")
    for epoch in census:
        retired = _at(epoch.retired_at) if epoch.retired_at else "-"
        sealed = "sealed" if epoch.retired_at else "awaiting the seal"
        kek = "stored" if epoch.epoch in stored else "destroyed"
        print(
            f"{epoch.epoch:>5}  {_at(epoch.created_at)}  {retired:<16}  {kek:<9}  "
            f"{epoch.live_keys:>9}  {epoch.erased_keys} {sealed if epoch.erased_keys else ''}"
        )
    hours = services.settings.erasure_seal_hours
    if hours:
        due = census[-1].created_at + timedelta(hours=hours)
        print(f"Next scheduled seal: {_at(due)} UTC (every {hours:g} h).")
    if key:
        print(f"Data key {key}: {_describe(state)}")


def _describe(state: KeyState | None) -> str:
    if state is None:
        return "none is stored"
    if state.destroyed_at is None:
        return f"live, wrapped by epoch {state.epoch}"
    erased = f"erased {_at(state.destroyed_at)}"
    if state.epoch is None or state.sealed_at is not None:
        sealed = _at(state.sealed_at) if state.sealed_at else "at once"
        return f"{erased}, sealed {sealed}"
    return f"{erased}, awaiting the seal that retires epoch {state.epoch}"


def _at(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M}"
