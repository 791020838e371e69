"""The values clients send, each defined once for the commands and the queries that take it.

Text holds no control characters (C0, DEL, C1) and no lone surrogates: PostgreSQL cannot store a
NUL, UTF-8 cannot encode a surrogate, and a reader would not see the rest. Tab and line breaks
are text only where it has lines (notes, descriptions, messages, reasons). Times are RFC 3339
strings with their zone, days are ISO 8601 dates, both within the years the service computes
with. A value that breaks a rule raises InvalidValue, which pydantic reports at its field.
"""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, StringConstraints

from domain.errors import InvalidValue
from domain.values import email_address, phone_number, serial_number

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_NOT_IN_LINES = re.compile(f"[{_CONTROLS}]")
_NOT_IN_A_LINE = re.compile(f"[\t\n\r{_CONTROLS}]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_MOMENT = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
FIRST_YEAR, LAST_YEAR = 1900, 8999
EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)


def one_line(text: str) -> str:
    """Text of one line: no control character, tab and line breaks neither."""
    return _refused(text, _NOT_IN_A_LINE, "text of one line holds none, nor tab or line breaks")


def lines(text: str) -> str:
    """Text that may have lines: tab and line breaks are its only control characters."""
    return _refused(text, _NOT_IN_LINES, "text holds none but tab and line breaks")


def cleaned(text: str) -> str:
    """Text the service keeps whatever it holds (a customer's message, as a provider delivered
    it): lone surrogates made U+FFFD, then control characters but tab and line breaks dropped."""
    return _NOT_IN_LINES.sub("", _SURROGATES.sub("\ufffd", text))


def _refused(text: str, unwanted: re.Pattern[str], rule: str) -> str:
    if found := unwanted.search(text):
        code = ord(found.group())
        what = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else f"a control character: {rule}"
        raise InvalidValue("text", f"U+{code:04X} is {what}")
    return text


def _written_as(pattern: re.Pattern[str], kind: type[date], example: str) -> Any:
    """A value of the kind, or a string of the pattern read as one; nothing else (no numbers)."""

    def read(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        try:
            if isinstance(value, str) and pattern.fullmatch(value):
                return kind.fromisoformat(value.upper())
        except ValueError:
            pass
        raise InvalidValue("time", f"written as {example}")

    return BeforeValidator(read)


def _in_years(value: date) -> date:
    if FIRST_YEAR <= value.year <= LAST_YEAR and (
        not isinstance(value, datetime) or FIRST_YEAR <= value.astimezone(UTC).year <= LAST_YEAR
    ):
        return value
    raise InvalidValue("time", f"from the year {FIRST_YEAR} to {LAST_YEAR}")


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(one_line),
]
Label = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(one_line),
]
SearchText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(one_line),
]
Reason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=1000),
    AfterValidator(lines),
]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=4000),
    AfterValidator(lines),
]
Username = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=64),
    AfterValidator(one_line),
]
Password = Annotated[
    str, StringConstraints(min_length=10, max_length=128), AfterValidator(one_line)
]
# Given to be compared, never stored: a password at sign-in, a webhook's secret or token.
Credential = Annotated[str, StringConstraints(max_length=256), AfterValidator(one_line)]
Slug = Annotated[str, StringConstraints(min_length=1, max_length=40), AfterValidator(one_line)]
Phone = Annotated[
    str, StringConstraints(max_length=32), AfterValidator(one_line), AfterValidator(phone_number)
]
Email = Annotated[
    str, StringConstraints(max_length=254), AfterValidator(one_line), AfterValidator(email_address)
]
# What a provider delivers (a customer's message, a status's reason) is kept, cleaned.
ProviderText = Annotated[str, BeforeValidator(lambda v: cleaned(v) if isinstance(v, str) else v)]
Serial = Annotated[str, StringConstraints(max_length=64), AfterValidator(serial_number)]
Moment = Annotated[
    AwareDatetime,
    _written_as(
        _MOMENT, datetime, "an RFC 3339 time with its zone, such as 2026-11-26T10:00:00+02:00"
    ),
    AfterValidator(_in_years),
]
Day = Annotated[
    date, _written_as(_DAY, date, "an ISO 8601 date, such as 2026-11-26"), AfterValidator(_in_years)
]
