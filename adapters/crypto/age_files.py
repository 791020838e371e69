"""Files sealed to age recipients (age-encryption.org/v1), written and read as streams.

A file that holds personal information is written through `written(path, recipients)`: pyrage
encrypts the text in 64 KiB chunks as it comes (through a pipe, on a thread of its own), so no
side holds the whole file. The file is made aside, readable by its owner only, and moved into
place once complete: a failed export leaves nothing behind. Any age tool opens it
(`age -d -i identity.txt`); `lines(path, identities)` reads it, or a file in clear.
"""

import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from io import BufferedReader, BufferedWriter, TextIOWrapper
from pathlib import Path
from typing import IO

import pyrage
from pyrage.x25519 import Identity, Recipient

MAGIC = b"age-encryption.org/"


class SealError(Exception):
    """A recipient, identity or sealed file that cannot be used; the message says why."""


class AlteredSeal(SealError):
    """A sealed file whose ciphertext was changed or cut short after it was written."""


def recipients(values: list[str]) -> list[Recipient]:
    """Each value an age public key (age1...) or a file of them, one a line, `#` comments."""
    found = []
    for value in values:
        for line in [value] if value.startswith("age1") else _key_lines(Path(value)):
            try:
                found.append(Recipient.from_str(line))
            except pyrage.RecipientError as e:
                raise SealError(f"not an age public key: {line[:16]}... ({e})") from None
    return found


def identities(path: Path) -> list[Identity]:
    """The age identities (private keys, AGE-SECRET-KEY-1...) in a file, `#` comments."""
    try:
        found = [Identity.from_str(line) for line in _key_lines(path)]
    except pyrage.IdentityError as e:
        raise SealError(f"{path} holds a line that is not an age identity ({e})") from None
    if not found:
        raise SealError(f"{path} holds no age identity")
    return found


def new_identity(path: Path) -> Recipient:
    """A new key pair: the identity written to path (owner only; an existing file is kept) in
    age-keygen's layout, the recipient returned."""
    identity = Identity.generate()
    recipient = identity.to_public()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SealError(f"{path} exists; an identity is never overwritten") from None
    with open(descriptor, "w") as file:
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        file.write(f"# created: {created}\n# public key: {recipient}\n{identity}\n")
    return recipient


@contextmanager
def written(path: Path, to: list[Recipient] | None) -> Iterator[IO[str]]:
    """A text stream into path: sealed to the recipients, or in clear when `to` is None."""
    descriptor, aside = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with open(descriptor, "wb") as file:
            with _text(file) if to is None else _sealing(file, to) as text:
                yield text
            file.flush()
            os.fsync(descriptor)
        os.replace(aside, path)
    except BaseException:
        Path(aside).unlink(missing_ok=True)
        raise


@contextmanager
def lines(path: Path, keys: list[Identity] | None) -> Iterator[Iterator[str]]:
    """The text lines of a file in clear, or of a sealed one opened with one of the keys."""
    with path.open("rb") as file:
        if not file.peek(len(MAGIC)).startswith(MAGIC):
            with _text(file) as text:
                yield text
            return
        if not keys:
            raise SealError(f"{path} is sealed: give the identity that opens it")
        reading, writing = os.pipe()
        sink = open(writing, "wb")
        worker = _Worker(lambda: pyrage.decrypt_io(file, sink, keys), sink)
        worker.start()
        source = open(reading, encoding="utf-8")
        try:
            yield _checked(source, worker, path)
        finally:
            source.close()  # a reader that stops early ends the worker's writes
            worker.join()


def _checked(source: IO[str], worker: "_Worker", path: Path) -> Iterator[str]:
    yield from source
    worker.join()
    if isinstance(worker.failure, pyrage.DecryptError):
        raise SealError(
            f"{path} does not open with the identity given: {worker.failure} (sealed to "
            "another recipient, or its header altered)"
        )
    if worker.failure is not None:
        raise AlteredSeal(f"{path} was altered or cut short after sealing: {worker.failure}")


@contextmanager
def _text(file: BufferedReader | BufferedWriter) -> Iterator[IO[str]]:
    """Text over a binary file that stays open (its owner closes it)."""
    text = TextIOWrapper(file, encoding="utf-8")
    try:
        yield text
    finally:
        text.detach()


@contextmanager
def _sealing(file: BufferedWriter, to: list[Recipient]) -> Iterator[IO[str]]:
    reading, writing = os.pipe()
    source = open(reading, "rb")
    worker = _Worker(lambda: pyrage.encrypt_io(source, file, to), source)
    worker.start()
    text = open(writing, "w", encoding="utf-8")
    try:
        yield text
    finally:
        with suppress(BrokenPipeError):  # the worker stopped reading: its failure says why
            text.close()
        worker.join()
        if worker.failure is not None:
            raise SealError(f"sealing failed: {worker.failure}") from worker.failure


class _Worker(threading.Thread):
    """One pyrage call on a thread; its failure kept; its end of the pipe closed when done."""

    def __init__(self, work: Callable[[], object], end: IO[bytes]) -> None:
        super().__init__(daemon=True)
        self.work, self.end = work, end
        self.failure: Exception | None = None

    def run(self) -> None:
        try:
            self.work()
        except Exception as e:
            self.failure = e
        finally:
            with suppress(BrokenPipeError):  # the reader left early and wants no more
                self.end.close()


def _key_lines(path: Path) -> list[str]:
    try:
        text = path.read_text()
    except OSError as e:
        raise SealError(f"cannot read {path}: {e.strerror}") from None
    stripped = (line.strip() for line in text.splitlines())
    return [line for line in stripped if line and not line.startswith("#")]
