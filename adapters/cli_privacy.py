"""`aftersales retention ...` and `aftersales keys ...`: privacy work an operator runs."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from adapters.crypto.aead import KEY_BYTES
from adapters.crypto.master import MasterKey
from adapters.crypto.rotation import rotate
from adapters.schedule import due
from adapters.secrets import secret_file
from adapters.startup import start_service
from commands.retention_run import apply_retention

retention = typer.Typer(help="Retention: erase what the tenants' policies let go.")
keys = typer.Typer(help="Data keys and the master key that wraps them.")
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


@keys.command("rotate")
def rotate_master_key(
    new_key_file: Annotated[
        Path, typer.Option(help="the new master key (base64); made here if missing")
    ],
) -> None:
    """Re-wrap every data key under a new master key; events stay as they are."""
    new = MasterKey.from_text(secret_file(new_key_file, KEY_BYTES))
    services = start_service()
    try:
        with Progress(console=console) as progress:
            task = progress.add_task("re-wrapping data keys", total=None)
            count = rotate(
                services.keys,
                new,
                lambda done, total: progress.update(task, completed=done, total=total),
            )
        old = services.keys.master.id
    finally:
        services.close()
    console.print(
        f"Re-wrapped {count} data keys under master key {new.id} (was {old}); destroyed keys "
        f"stay destroyed. Start the service with AFTERSALES_MASTER_KEY_FILE={new_key_file}; "
        "the old master key opens nothing now."
    )
