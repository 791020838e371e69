"""A shop's details as its customers see them: its contact and its opening hours per weekday.

The hours are structured (each weekday closed, or open from one time to a later one, "08:00" to
"17:00") so that what counts as business hours can be worked out from them, not only shown.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from domain.errors import InvalidValue

CLOCK = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


@dataclass(frozen=True)
class OpeningHours:
    """Open from `opens` to `closes` on one day, each "HH:MM" (24-hour), opening first."""

    opens: str
    closes: str


@dataclass(frozen=True)
class ShopDetails:
    """The business's contact (no one's personal information) and its opening hours; a
    weekday not in `hours` is closed."""

    phone: str | None = None
    email: str | None = None
    address: str | None = None
    hours: Mapping[Weekday, OpeningHours] = field(default_factory=dict)


def opening_hours(hours: Mapping[Weekday, OpeningHours]) -> dict[Weekday, OpeningHours]:
    """The week's hours checked, in weekday order: each time "HH:MM", opening before closing."""
    for day, open_hours in hours.items():
        for end in ("opens", "closes"):
            if not CLOCK.fullmatch(getattr(open_hours, end)):
                raise InvalidValue(f"hours.{day.value}.{end}", 'a time from "00:00" to "23:59"')
        if open_hours.opens >= open_hours.closes:
            raise InvalidValue(f"hours.{day.value}.closes", "later than the opening time")
    return {day: hours[day] for day in Weekday if day in hours}


def hours_as_data(hours: Mapping[Weekday, OpeningHours]) -> dict[str, dict[str, str]]:
    """The hours as an event (and a read model) holds them: the open weekdays, {opens, closes}."""
    return {day.value: {"opens": h.opens, "closes": h.closes} for day, h in hours.items()}


def hours_from_data(data: Mapping[str, Mapping[str, str]]) -> dict[Weekday, OpeningHours]:
    return {Weekday(day): OpeningHours(h["opens"], h["closes"]) for day, h in data.items()}
