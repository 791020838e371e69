"""Secrets the service keeps in files of its own when they are not given by settings."""

import os
import secrets
from pathlib import Path


def secret_file(path: Path, nbytes: int = 32) -> str:
    """The secret in path, created (readable by its owner only) on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(nbytes))
    return path.read_text().strip()
