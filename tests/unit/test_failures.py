"""What a parked event's record says of its failure: never the event's content."""

import psycopg
from psycopg import errors

from adapters.postgres.failures import describe


def raised(error: Exception) -> Exception:
    try:
        raise error
    except Exception as caught:  # noqa: BLE001 - the test's own
        return caught


def test_a_database_error_is_described_by_its_sqlstate_not_its_message() -> None:
    error = raised(errors.UniqueViolation("duplicate key\nDETAIL: Key (name)=(Thandi) exists"))
    kind, text = describe(error)
    assert kind == "psycopg.errors.UniqueViolation"
    assert (
        text.startswith("SQLSTATE 23505 at tests/unit/test_failures.py:") and "Thandi" not in text
    )


def test_psycopgs_own_words_are_kept_but_what_they_quote() -> None:
    kind, text = describe(raised(psycopg.DataError("cannot load date: 'Thandi 0001'")))
    assert kind == "psycopg.DataError" and text.startswith("cannot load date: … (at ")


def test_any_other_error_is_described_by_its_class_and_place_only() -> None:
    error = raised(ValueError("Header values may not contain linefeed: 'Thandi\\nBcc: all'"))
    kind, text = describe(error)
    assert kind == "builtins.ValueError" and "Thandi" not in text and "linefeed" not in text
