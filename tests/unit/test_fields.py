"""The values clients send: text without control characters, times and dates in one form and
within range, cursors read strictly, webhook JSON within its depth. No I/O."""

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from adapters.channels.webhook_body import MAX_DEPTH, Unreadable, depth, payload
from domain.errors import InvalidValue
from domain.fields import Day, Label, Moment, ProviderText, Text, cleaned, lines, one_line
from queries.pages import Position, encode_cursor, read_cursor

CONTROLS = [
    chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
]


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_every_control_character_is_refused_in_text_of_either_kind(control: str) -> None:
    for kind in (one_line, lines):
        with pytest.raises(InvalidValue, match=f"U\\+{ord(control):04X}"):
            kind(f"a{control}b")


def test_tab_and_line_breaks_are_text_only_where_it_has_lines() -> None:
    assert lines("a\tb\r\nc\n") == "a\tb\r\nc\n"
    for line_break in "\t\r\n":
        with pytest.raises(InvalidValue):
            one_line(f"a{line_break}b")


def test_a_lone_surrogate_is_refused_and_the_rest_of_unicode_is_text() -> None:
    with pytest.raises(InvalidValue, match="surrogate"):
        lines("a\udc80b")
    text = "Ñandú 名前 🙂 \u00a0\u200d\u2028 ﷽"
    assert one_line(text) == text


@given(st.text())
def test_cleaned_text_is_always_text_that_may_have_lines(text: str) -> None:
    assert lines(cleaned(text)) == cleaned(text)


def test_cleaning_drops_controls_and_marks_surrogates() -> None:
    assert cleaned("ST\x00OP\x1b\x85\n\ud800") == "STOP\n\ufffd"
    assert TypeAdapter(ProviderText).validate_python("a\x00b") == "ab"


def test_the_text_types_name_the_broken_rule_at_their_field() -> None:
    with pytest.raises(ValidationError, match="U\\+0000 is a control character"):
        TypeAdapter(Label).validate_python("a\x00b")
    assert TypeAdapter(Text).validate_python("  two\nlines  ") == "two\nlines"


MOMENTS = TypeAdapter(Moment)
DAYS = TypeAdapter(Day)


@pytest.mark.parametrize(
    "given",
    [
        "-1",
        -1,
        1700000000,
        0.5,
        True,
        "2026-01-01T10:00:00",
        "2026-01-01",
        "20260101T100000Z",
        "2026-02-30T10:00:00Z",
        "2026-01-01T10:00:00+25:00",
        "0001-01-01T00:00:00Z",
        "1900-01-01T00:00:00+00:01",
        "9999-12-31T23:59:59-05:00",
        datetime(2026, 1, 1),
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
    ],
)
def test_a_time_is_an_rfc_3339_string_with_its_zone_within_the_years_computed_with(
    given: Any,
) -> None:
    with pytest.raises(ValidationError):
        MOMENTS.validate_python(given)


def test_times_as_rfc_3339_allows_them() -> None:
    assert MOMENTS.validate_python("2026-01-01t10:00:00.123456789z") == datetime(
        2026, 1, 1, 10, 0, 0, 123456, tzinfo=UTC
    )
    assert MOMENTS.validate_python("2026-01-01 12:00:00+02:00") == datetime(
        2026, 1, 1, 10, tzinfo=UTC
    )
    assert MOMENTS.json_schema() == {"type": "string", "format": "date-time"}


@pytest.mark.parametrize("given", ["-1", 0, "0", "20260131", "2026-01-31T00:00:00Z", "0001-01-01"])
def test_a_date_is_an_iso_8601_day_within_the_years_computed_with(given: Any) -> None:
    with pytest.raises(ValidationError):
        DAYS.validate_python(given)
    assert DAYS.validate_python("2026-01-31") == date(2026, 1, 31)


class Shape(Position):
    position: int
    at: Moment


def test_a_cursor_reads_back_as_its_shape_and_nothing_else_does() -> None:
    real = Shape(position=7, at=datetime(2026, 1, 1, tzinfo=UTC))
    assert read_cursor(encode_cursor(real), Shape) == real
    assert read_cursor(None, Shape) is None
    for forged in ["!!", "e30", "W10", encode_cursor(real)[:-3]]:
        with pytest.raises(InvalidValue) as refused:
            read_cursor(forged, Shape)
        assert refused.value.field == "cursor"


def test_a_webhooks_json_is_read_to_its_depth_and_no_deeper() -> None:
    assert depth(b'{"a": [1, {"b": "[[[[{{{{"}], "c": "\\"]]"}') == 3
    assert payload(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) is not None
    for unreadable in [b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), b"{", b"\xff", b"9" * 5000]:
        with pytest.raises(Unreadable):
            payload(unreadable)
    assert payload(f'{{"id": "{uuid4()}"}}'.encode())
