"""`aftersales audit ...`: verify the chain, export a tenant's history (sealed to a recipient:
adapters/cli_sealed.py), hand out checkpoints."""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import psycopg
import typer
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from adapters.audit.export import ExportCheck, count, export, verify_export
from adapters.audit.signing import Checkpoint
from adapters.audit.verify import stored_checkpoints, verify
from adapters.cli_sealed import (
    IdentityFile,
    Plaintext,
    Recipients,
    make_key_pair,
    opened_with,
    refuse,
    sealed_to,
)
from adapters.crypto import age_files
from adapters.startup import start_service
from domain.tenant import tenant_id_for

audit = typer.Typer(
    help="The audit record: the hash chain, checkpoints, exports.", no_args_is_help=True
)
console = Console(stderr=True)
audit.command("keygen")(make_key_pair)


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.speed} events/s"),
        TimeElapsedColumn(),
        console=console,
    )


def moment(text: str) -> datetime:
    """An ISO date or time; without a zone, UTC."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@audit.command("verify")
def verify_chain(
    checkpoints: Annotated[
        Path | None, typer.Option(help="checkpoints held outside, from `audit checkpoints`")
    ] = None,
) -> None:
    """Recompute the chain over the stored history; exit 1 and name the first broken record."""
    held = (
        [Checkpoint.from_json(line) for line in checkpoints.read_text().splitlines()]
        if checkpoints
        else []
    )
    services = start_service()
    try:
        with psycopg.connect(services.database_url) as conn:
            row = conn.execute("SELECT count(*) FROM audit_chain").fetchone()
        total = int(row[0]) if row else 0
        with progress_bar() as bar:
            task = bar.add_task("verifying", total=total)
            result = verify(
                services.database_url,
                services.signer.public_key,
                held,
                lambda n: bar.advance(task, n),
            )
            bar.update(task, completed=result.checked)
    finally:
        services.close()
    if result.ok:
        console.print(
            f"[green]intact[/green]: {result.checked} records, head {result.head_position} "
            f"{result.head_hash}, {result.checkpoints} checkpoints matched"
        )
        return
    assert result.broken is not None
    console.print(
        f"[red]broken[/red] at record {result.broken.position}: {result.broken.problem} "
        f"({result.broken.detail}); {result.checked} records before it are intact"
    )
    raise typer.Exit(1)


@audit.command("export")
def export_history(
    tenant: Annotated[str, typer.Option(help="the tenant's slug")],
    start: Annotated[str, typer.Option("--from", help="ISO date or time, inclusive")],
    end: Annotated[str, typer.Option("--to", help="ISO date or time, exclusive")],
    out: Annotated[Path, typer.Option(help="the JSON lines file to write")],
    recipient: Recipients = None,
    plaintext: Plaintext = False,
) -> None:
    """Write a tenant's history in a time range as JSON lines carrying the chain values, sealed
    to the recipients (age), or in clear with --plaintext."""
    to = sealed_to(recipient, plaintext, out)
    tenant_id, since, until = tenant_id_for(tenant), moment(start), moment(end)
    services = start_service()
    try:
        total = count(services.database_url, tenant_id, since, until)
        with progress_bar() as bar, age_files.written(out, to) as file:
            task = bar.add_task(f"exporting {tenant}", total=total)
            exported = export(
                services.database_url,
                services.app,
                tenant_id,
                since,
                until,
                file,
                services.signer.public_key_pem(),
                lambda n: bar.advance(task, n),
            )
    finally:
        services.close()
    how = f"sealed to {len(to)} recipient(s)" if to else "in clear"
    console.print(f"{exported} events written to {out}, {how}")


@audit.command("checkpoints")
def checkpoints(
    out: Annotated[Path, typer.Option(help="JSON lines file for the signed checkpoints")],
    public_key: Annotated[Path, typer.Option(help="PEM file for the key that verifies them")],
) -> None:
    """Hand the signed checkpoints and the public key to an outside party to keep."""
    services = start_service()
    try:
        with psycopg.connect(services.database_url) as conn:
            held = stored_checkpoints(conn)
        out.write_text("".join(c.to_json() + "\n" for c in held))
        public_key.write_text(services.signer.public_key_pem())
    finally:
        services.close()
    console.print(f"{len(held)} checkpoints written to {out}, the public key to {public_key}")


@audit.command("verify-export")
def verify_exported(
    file: Annotated[Path, typer.Argument(help="an export written by `audit export`")],
    public_key: Annotated[
        Path | None, typer.Option(help="the service's public key (PEM) you hold; else the file's")
    ] = None,
    identity: IdentityFile = None,
) -> None:
    """Check an export offline, sealed or in clear: every record against its chain values,
    checkpoints signed."""
    pem = public_key.read_text() if public_key else None
    if pem:
        load_pem_public_key(pem.encode())
    keys = opened_with(identity)
    try:
        with age_files.lines(file, keys) as lines:
            result = verify_export(lines, pem)
    except age_files.AlteredSeal as e:
        result = ExportCheck(False, 0, 0, str(e))
    except age_files.SealError as e:
        refuse(str(e))
    print(json.dumps(result.__dict__), file=sys.stdout)
    if not result.ok:
        raise typer.Exit(1)
