"""A device's passport: its make and model, installation, warranty end and state today, and the
chain of serials it replaced and that replaced it.

A repair that records a replacement serial fitted that unit in place of the ticket's device; the
replacement keeps the replaced unit's warranty end (or starts anew, as its catalogue entry says),
so a unit's warranty is worked out from the first unit of its chain onwards. Days of the chain
are UTC days.
"""

from datetime import UTC, date, datetime
from uuid import UUID

from psycopg.sql import SQL, Composed
from pydantic import BaseModel

from domain.access import STAFF
from domain.catalogue import (
    CatalogueEntry,
    WarrantyStatus,
    replacement_until,
    warranty_state,
    warranty_until,
)
from domain.context import RequestContext, authorize
from domain.customer_values import RegisteredDevice
from domain.values import serial_number
from projections.device_history.projection import DeviceHistory
from projections.device_history.tables import DEVICE_HISTORY
from queries.read_models import reads
from queries.read_store import ReadStore

MAX_GENERATIONS = 1000  # a chain longer than any real one: a guard, not a limit met


class Replacement(BaseModel):
    """A unit of the chain (`serial_number`) and the day a replacement took the older one's
    place, on the ticket named."""

    serial_number: str
    on: date
    ticket_id: UUID
    ticket_number: str


class ReplacementChain(BaseModel):
    replaced: list[Replacement]  # the units this one replaced, oldest first
    replaced_by: list[Replacement]  # the units that replaced it, in turn


class WarrantyPublic(BaseModel):
    """`in_warranty` through `until` (`days_left` after today), `out_of_warranty`, or `unknown`
    (no date to count from, or the make and model not in the catalogue)."""

    status: WarrantyStatus
    until: date | None
    days_left: int | None


class Passport(ReplacementChain):
    serial_number: str
    make: str | None
    model: str | None
    purchased_on: date | None
    installed_on: date | None
    installer: str | None
    warranty: WarrantyPublic
    terms: str | None


_FITTED_IN_PLACE_OF = SQL("""
SELECT other_serial AS serial_number, at, ticket_id, ticket_number FROM {history}
WHERE tenant_id = %s AND serial_number = %s AND kind = 'fitted_as_replacement'
ORDER BY position, entry LIMIT 1
""").format(history=DEVICE_HISTORY.sql)
_REPLACED_BY = SQL("""
SELECT other_serial AS serial_number, at, ticket_id, ticket_number FROM {history}
WHERE tenant_id = %s AND serial_number = %s AND kind = 'repair_recorded'
    AND other_serial IS NOT NULL
ORDER BY position, entry LIMIT 1
""").format(history=DEVICE_HISTORY.sql)


@reads(DeviceHistory)
def replacement_chain(db: ReadStore, ctx: RequestContext, serial: str) -> ReplacementChain:
    """The serials before this one (each replaced by the next) and after it."""
    authorize(ctx, STAFF)
    serial = serial_number(serial)
    with db.transaction(commit=False) as curs:

        def walk(statement: Composed, start: str) -> list[Replacement]:
            links: list[Replacement] = []
            seen, at = {start}, start
            while len(links) < MAX_GENERATIONS:
                row = curs.execute(statement, (ctx.tenant_id, at)).fetchone()
                if row is None or row["serial_number"] in seen:
                    return links
                links.append(Replacement(**row | {"on": _day(row["at"])}))
                at = row["serial_number"]
                seen.add(at)
            return links

        before = walk(_FITTED_IN_PLACE_OF, serial)
        after = walk(_REPLACED_BY, serial)
    # Going back, each row names the older unit and the day the newer one took its place.
    return ReplacementChain(replaced=before[::-1], replaced_by=after)


def _day(at: datetime) -> date:
    return at.astimezone(UTC).date()


def first_serial(serial: str, chain: ReplacementChain) -> str:
    """The first unit of the chain, whose registration the warranty counts from."""
    return chain.replaced[0].serial_number if chain.replaced else serial_number(serial)


def passport(
    serial: str,
    chain: ReplacementChain,
    first: RegisteredDevice | None,
    entry: CatalogueEntry | None,
    today: date,
) -> Passport:
    """The passport of `serial`, from the registration of its chain's `first` unit (None when
    no record holds it) and that make and model's catalogue `entry`."""
    until = None
    if first is not None:
        until = warranty_until(
            entry,
            installed_on=first.installed_on,
            purchased_on=first.purchased_on,
            explicit_until=first.warranty_until,
        )
    for link in chain.replaced:
        until = replacement_until(entry, until, link.on)
    state = warranty_state(until, today)
    return Passport(
        serial_number=serial_number(serial),
        make=first.make if first else None,
        model=first.model if first else None,
        purchased_on=first.purchased_on if first else None,
        installed_on=first.installed_on if first else None,
        installer=first.installer if first else None,
        warranty=WarrantyPublic(status=state.status, until=state.until, days_left=state.days_left),
        terms=entry.terms if entry else None,
        replaced=chain.replaced,
        replaced_by=chain.replaced_by,
    )
