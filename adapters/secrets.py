"""Secrets the service keeps in files of its own when they are not given by settings."""

import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path


def owner_only_file(path: Path, make: Callable[[], bytes]) -> bytes:
    """The bytes in path; made on first use, readable by its owner only.

    The file appears whole or not at all (written aside, then linked into place), so processes
    starting together agree on the first one made.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, aside = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "wb") as file:  # mkstemp makes it 0600
                file.write(make())
            os.link(aside, path)
        except FileExistsError:
            pass  # another process made it first: theirs it is
        finally:
            os.unlink(aside)
    return path.read_bytes()


def secret_file(path: Path, nbytes: int = 32) -> str:
    """A random secret (URL-safe text) kept in path."""
    return owner_only_file(path, lambda: secrets.token_urlsafe(nbytes).encode()).decode().strip()
