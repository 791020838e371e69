"""What kind of failure a follower met, and what of it may be written down.

A failure for now (the database gone, another process having moved the position) is waited out
and parks nothing. Of any other, the record keeps the error's class and a description that never
quotes the event: a database error's SQLSTATE (its message and detail may quote the values),
psycopg's own words for an error it raised itself (anything they quote left out), and the place
in our code.
"""

import re
import traceback
from pathlib import Path

import psycopg
from eventsourcing import persistence

from projections.view import StaleBatch

FOR_NOW = (
    psycopg.OperationalError,
    psycopg.InterfaceError,
    persistence.OperationalError,
    persistence.InterfaceError,
    persistence.ConnectionPoolClosedError,
    StaleBatch,
)
ROOT = f"{Path(__file__).resolve().parents[2]}/"
QUOTED = re.compile(r"(['\"]).*?\1")  # a value psycopg quotes in its own words


def describe(error: BaseException) -> tuple[str, str]:
    """The error's class, and where and why it happened, with nothing of the event's content:
    a database error's SQLSTATE (or psycopg's own words, but what they quote), else only the
    place in the code."""
    cause = next((e for e in _chain(error) if isinstance(e, psycopg.Error)), None)
    place = _place(error)
    kind = type(cause or error)
    name = f"{kind.__module__}.{kind.__qualname__}"
    if cause is not None and cause.sqlstate:
        return name, f"SQLSTATE {cause.sqlstate} at {place}"
    if cause is not None:
        words = QUOTED.sub("…", str(cause).splitlines()[0])[:200]
        return name, f"{words} (at {place})"
    return name, f"at {place}"


def _chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _place(error: BaseException) -> str:
    """Where in the service's own code the failure arose: the innermost of its frames in the
    traceback of the deepest cause that passed through that code."""
    for cause in reversed(_chain(error)):
        frames = traceback.extract_tb(cause.__traceback__)
        own = [f for f in frames if f.filename.startswith(ROOT) and "-packages" not in f.filename]
        if own:
            return f"{own[-1].filename.removeprefix(ROOT)}:{own[-1].lineno}"
    return "outside the service's code"
