"""The ticket page says how long WhatsApp's window has left, in hours and minutes."""

from datetime import UTC, datetime, timedelta

from adapters.web.messaging import time_left


def in_(**delta: float) -> datetime:
    return datetime.now(UTC) + timedelta(**delta)


def test_the_time_left_is_in_whole_hours_and_minutes() -> None:
    assert time_left(in_(hours=3, minutes=12, seconds=30)) == "3 h 12 min"
    assert time_left(in_(minutes=42, seconds=30)) == "42 min"
    assert time_left(in_(seconds=30)) == "under a minute"


def test_a_closed_or_never_opened_window_has_no_time_left() -> None:
    assert time_left(in_(seconds=-30)) is None
    assert time_left(None) is None
