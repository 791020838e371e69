"""The options of a command that writes personal information to disk or reads it back: the
file is sealed to an age recipient (`--recipient`) unless `--plaintext` is given, which warns;
a reader opens a sealed file with `--identity`. `aftersales audit keygen` makes a key pair."""

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from pyrage.x25519 import Identity, Recipient
from rich.console import Console

from adapters.crypto.age_files import SealError, identities, new_identity, recipients

console = Console(stderr=True)

Recipients = Annotated[
    list[str] | None,
    typer.Option(
        "--recipient",
        help="seal the file to this age public key (age1...) or to each in this file; repeatable",
    ),
]
Plaintext = Annotated[
    bool,
    typer.Option(
        "--plaintext", help="write the file in clear instead: personal information readable"
    ),
]
IdentityFile = Annotated[
    Path | None,
    typer.Option("--identity", help="the age identity file that opens a sealed file"),
]


def sealed_to(recipient: list[str] | None, plaintext: bool, out: Path) -> list[Recipient] | None:
    """The recipients to seal out to, or None to write it in clear (warned of); exit 2 when the
    command line asks for neither or both."""
    if not recipient and not plaintext:
        refuse(
            f"{out} would hold personal information: seal it with --recipient age1... (the "
            "reader's public key; `aftersales audit keygen` makes a pair), or give --plaintext "
            "to write it in clear"
        )
    if recipient and plaintext:
        refuse("give --recipient or --plaintext, not both")
    if plaintext:
        console.print(
            f"[yellow]warning:[/yellow] {out} will hold personal information in clear (names, "
            "phone numbers, emails, notes); keep it off shared and backed-up disks and delete it "
            "when done"
        )
        return None
    try:
        return recipients(recipient or [])
    except SealError as e:
        refuse(str(e))


def opened_with(identity: Path | None) -> list[Identity] | None:
    """The identities in the file given with --identity (exit 2 if it holds none)."""
    try:
        return identities(identity) if identity else None
    except SealError as e:
        refuse(str(e))


def refuse(reason: str) -> NoReturn:
    console.print(f"[red]error:[/red] {reason}")
    raise typer.Exit(2)


def make_key_pair(
    out: Annotated[Path, typer.Option(help="the identity (private key) file to write, 0600")],
) -> None:
    """Make an age key pair for sealed exports: the identity to a new file, readable by its
    owner only; the recipient (public key, for --recipient) printed."""
    try:
        recipient = new_identity(out)
    except SealError as e:
        refuse(str(e))
    console.print(
        f"identity written to {out}: keep it where the exports are read, never beside them; "
        "seal to the recipient below"
    )
    print(recipient)
