"""A tenant's product catalogue and the warranty arithmetic of the devices in it.

An entry is a make and model (matched without regard to case) with its warranty in calendar
months from the device's installation (or sale) date, the shop's default terms, and whether a
unit replaced under warranty passes its remaining warranty to the replacement (the default) or
the replacement's warranty starts anew on the day it is fitted.

A warranty of n months from a day covers up to the same day n months on, clamped to that month's
end (a year from 29 February 2024 is 28 February 2025); the device is in warranty through it.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.errors import InvalidValue

MAX_WARRANTY_MONTHS = 600  # fifty years: an inverter's panels are sold with 25


class ReplacementWarranty(StrEnum):
    REMAINING = "remaining"  # the replacement keeps the replaced unit's warranty end
    NEW = "new"  # the replacement's warranty starts on the day it is fitted


class WarrantyStatus(StrEnum):
    IN_WARRANTY = "in_warranty"
    OUT_OF_WARRANTY = "out_of_warranty"
    UNKNOWN = "unknown"  # no date to count from, or the make and model not in the catalogue


@dataclass(frozen=True)
class CatalogueEntry:
    make: str
    model: str
    warranty_months: int
    terms: str | None = None
    replacement_warranty: ReplacementWarranty = ReplacementWarranty.REMAINING


@dataclass(frozen=True)
class WarrantyState:
    status: WarrantyStatus
    until: date | None = None
    days_left: int | None = None  # days after today still covered: 0 on the last day


def catalogue_key(make: str, model: str) -> str:
    """Make and model as the catalogue matches them: trimmed, case folded."""
    return f"{make.strip().casefold()}\x1f{model.strip().casefold()}"


def checked_entry(entry: CatalogueEntry) -> CatalogueEntry:
    for name in ("make", "model"):
        if not getattr(entry, name).strip():
            raise InvalidValue(name, "a make and a model are needed")
    if not 0 <= entry.warranty_months <= MAX_WARRANTY_MONTHS:
        raise InvalidValue("warranty_months", f"whole months from 0 to {MAX_WARRANTY_MONTHS}")
    terms = entry.terms.strip() if entry.terms else None
    return CatalogueEntry(
        entry.make.strip(),
        entry.model.strip(),
        entry.warranty_months,
        terms or None,
        ReplacementWarranty(entry.replacement_warranty),
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months on, or that month's last day if it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def warranty_until(
    entry: CatalogueEntry | None,
    *,
    installed_on: date | None = None,
    purchased_on: date | None = None,
    explicit_until: date | None = None,
) -> date | None:
    """The device's last day in warranty: as set on the device if it was, else its catalogue
    entry's months from its installation (or, without one, sale) date; None if neither is known."""
    if explicit_until is not None:
        return explicit_until
    start = installed_on or purchased_on
    if entry is None or start is None:
        return None
    return add_months(start, entry.warranty_months)


def replacement_until(
    entry: CatalogueEntry | None, replaced_until: date | None, fitted_on: date
) -> date | None:
    """A replacement unit's last day in warranty: the replaced unit's (its remaining warranty
    passes on), unless its catalogue entry says a replacement's warranty starts anew."""
    if entry is not None and entry.replacement_warranty is ReplacementWarranty.NEW:
        return add_months(fitted_on, entry.warranty_months)
    return replaced_until


def warranty_state(until: date | None, today: date) -> WarrantyState:
    if until is None:
        return WarrantyState(WarrantyStatus.UNKNOWN)
    if today > until:
        return WarrantyState(WarrantyStatus.OUT_OF_WARRANTY, until, 0)
    return WarrantyState(WarrantyStatus.IN_WARRANTY, until, (until - today).days)
