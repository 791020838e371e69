"""The product catalogue on the tenant and the warranty arithmetic of its devices."""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.catalogue import (
    CatalogueEntry,
    ReplacementWarranty,
    WarrantyState,
    WarrantyStatus,
    add_months,
    replacement_until,
    warranty_state,
    warranty_until,
)
from domain.errors import InvalidValue
from domain.tenant import CatalogueEntryNotFound, Tenant

INVERTER = CatalogueEntry("Sunsynk", "SUN-5K-SG", 60)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(8900, 12, 31))
months = st.integers(min_value=0, max_value=600)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 14, date(2028, 1, 30)),
        (date(2026, 5, 4), 0, date(2026, 5, 4)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_months_end(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


@given(days, months)
def test_adding_months_moves_the_month_and_keeps_the_day_where_the_month_has_it(
    day: date, n: int
) -> None:
    later = add_months(day, n)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == n
    assert later.day == min(day.day, calendar.monthrange(later.year, later.month)[1])


def test_the_warranty_counts_from_installation_before_sale_and_a_set_end_wins() -> None:
    sold, installed = date(2025, 3, 10), date(2025, 4, 2)
    assert warranty_until(INVERTER, purchased_on=sold) == date(2030, 3, 10)
    assert warranty_until(INVERTER, installed_on=installed, purchased_on=sold) == date(2030, 4, 2)
    set_end = date(2027, 1, 1)
    assert warranty_until(None, installed_on=installed, explicit_until=set_end) == set_end
    assert warranty_until(None, installed_on=installed) is None
    assert warranty_until(INVERTER) is None


def test_the_state_is_in_warranty_through_its_last_day() -> None:
    end = date(2026, 12, 31)
    assert warranty_state(end, date(2026, 12, 1)) == WarrantyState(
        WarrantyStatus.IN_WARRANTY, end, 30
    )
    assert warranty_state(end, end) == WarrantyState(WarrantyStatus.IN_WARRANTY, end, 0)
    assert warranty_state(end, date(2027, 1, 1)).status is WarrantyStatus.OUT_OF_WARRANTY
    assert warranty_state(None, end) == WarrantyState(WarrantyStatus.UNKNOWN)


@given(
    start=days,
    n=st.integers(min_value=1, max_value=600),
    gaps=st.lists(st.integers(min_value=0, max_value=4000), min_size=1, max_size=6),
    policy=st.sampled_from(ReplacementWarranty),
)
def test_each_replacement_in_a_chain_carries_the_remaining_days_or_starts_anew(
    start: date, n: int, gaps: list[int], policy: ReplacementWarranty
) -> None:
    entry = CatalogueEntry("Sunsynk", "SUN-5K-SG", n, replacement_warranty=policy)
    until = warranty_until(entry, installed_on=start)
    assert until is not None
    fitted = start
    for gap in gaps:
        fitted += timedelta(days=gap)
        before = warranty_state(until, fitted)
        until = replacement_until(entry, until, fitted)
        after = warranty_state(until, fitted)
        if policy is ReplacementWarranty.REMAINING:
            assert after == before  # the exact days left, not reset
        else:
            assert until == add_months(fitted, n)


def test_the_catalogue_matches_make_and_model_whatever_their_case() -> None:
    tenant = Tenant.create("Solar Fix", "solar-fix")
    tenant.set_catalogue_entry(CatalogueEntry(" Sunsynk ", "SUN-5K-SG", 60, "  "))
    assert tenant.catalogue_entry("sunsynk", "sun-5k-sg") == INVERTER
    new = ReplacementWarranty.NEW
    changed = CatalogueEntry("SUNSYNK", "sun-5k-sg", 24, "Labour 12 months", new)
    tenant.set_catalogue_entry(changed)
    assert list(tenant.catalogue.values()) == [changed]
    version = tenant.version
    tenant.set_catalogue_entry(changed)
    assert tenant.version == version  # the same entry again records nothing
    tenant.remove_catalogue_entry("Sunsynk", "SUN-5K-SG")
    assert tenant.catalogue == {}
    with pytest.raises(CatalogueEntryNotFound):
        tenant.remove_catalogue_entry("Sunsynk", "SUN-5K-SG")


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (CatalogueEntry(" ", "X", 12), "make"),
        (CatalogueEntry("Make", "", 12), "model"),
        (CatalogueEntry("Make", "X", -1), "warranty_months"),
        (CatalogueEntry("Make", "X", 601), "warranty_months"),
    ],
)
def test_a_bad_entry_is_refused_naming_the_field(entry: CatalogueEntry, field: str) -> None:
    tenant = Tenant.create("Solar Fix", "solar-fix")
    with pytest.raises(InvalidValue) as refused:
        tenant.set_catalogue_entry(entry)
    assert refused.value.field == field
    assert tenant.catalogue == {}
