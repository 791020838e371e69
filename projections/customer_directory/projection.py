"""The customer directory: each customer's details, consents and devices, found by phone, email
or name for `GET /v1/customers`.

Names, surnames, phones, emails and consents' sources are sealed under the customer's data key
(projections/sealing.py), each bound to its place (projections/sealed_rows.py), and found by
the tokens of projections/customer_directory/search.py. Consents' grants and times, devices
(make, model, serial, dates), the restriction and the erasure mark stay plain: none names the
person.
"""

from collections.abc import Sequence
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg.sql import SQL, Composable, Identifier, Placeholder
from psycopg.types.json import Jsonb

from domain.customer import Customer
from domain.customer_values import CORRECTABLE
from domain.values import ContactChannel
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.customer_directory import search
from projections.customer_directory.tables import CUSTOMER_DIRECTORY, NAME, VERSION
from projections.sealed_rows import place

TOKENS = ("phone_token", "email_token", "given_tokens", "surname_tokens")
SOURCES = {channel: f"{channel.value}_source" for channel in ContactChannel}  # sealed, by channel


class CustomerDirectoryView(ReadModel):
    tables = (CUSTOMER_DIRECTORY,)
    erasable = {CUSTOMER_DIRECTORY: ("customer_id", (*CORRECTABLE, *TOKENS, *SOURCES.values()))}
    marks_erased = frozenset({CUSTOMER_DIRECTORY})
    sealed = {CUSTOMER_DIRECTORY: ("customer_id", (*CORRECTABLE, *SOURCES.values()))}


_COLUMNS = (
    *("customer_id", "tenant_id", "registered", *CORRECTABLE, *TOKENS),
    *("consents", *SOURCES.values(), "version"),
)
_INSERT = SQL("INSERT INTO {} ({}, devices) VALUES ({}, '[]')").format(
    CUSTOMER_DIRECTORY.sql,
    SQL(", ").join(map(Identifier, _COLUMNS)),
    SQL(", ").join(Placeholder(c) for c in _COLUMNS),
)


def _consent(granted: bool, event: Any) -> dict[str, object]:
    return {"granted": granted, "recorded_at": event.timestamp.isoformat()}


class CustomerDirectory(ReadModelProjection[CustomerDirectoryView]):
    name = NAME
    version = VERSION
    prompt = True
    view_class = CustomerDirectoryView
    handles = (
        Customer.Registered,
        Customer.DetailsCorrected,
        Customer.DeviceRegistered,
        Customer.DeviceReceived,
        Customer.DeviceTransferred,
        Customer.ConsentRecorded,
        Customer.ObjectionRecorded,
        Customer.LegalHoldPlaced,
        Customer.LegalHoldLifted,
        Customer.DuplicateMerged,
        Customer.MergedInto,
        Customer.Erased,
    )

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Customer.Registered, tracking: Tracking) -> None:
        consents = {c: _consent(g, event) for c, g in event.consents.items()}
        sources = {SOURCES[ContactChannel(c)]: event.consent_source for c in consents}
        row = {
            "customer_id": event.originator_id,
            "tenant_id": event.tenant_id,
            "registered": tracking.notification_id,
            **search.sealed_details(self.view.columns, CUSTOMER_DIRECTORY, event, CORRECTABLE),
            "consents": Jsonb(consents),
            **{
                column: self._sealed(event, column, sources.get(column))
                for column in SOURCES.values()
            },
            "version": event.originator_version,
        }
        self.view.cursor.execute(_INSERT, row)

    @process_event.register
    def _(self, event: Customer.DetailsCorrected, tracking: Tracking) -> None:
        corrected = [field for field in CORRECTABLE if field in event.corrected]
        details = search.sealed_details(self.view.columns, CUSTOMER_DIRECTORY, event, corrected)
        sets = [SQL("{} = %s").format(Identifier(column)) for column in details]
        self._update(event, sets, *details.values())

    @process_event.register
    def _(self, event: Customer.DeviceRegistered, tracking: Tracking) -> None:
        device = {
            "make": event.make,
            "model": event.model,
            "serial_number": event.serial_number,
            "purchased_on": event.purchased_on.isoformat() if event.purchased_on else None,
            "warranty_until": event.warranty_until.isoformat() if event.warranty_until else None,
        }
        self._update(event, [SQL("devices = devices || %s")], Jsonb([device]))

    @process_event.register
    def _(self, event: Customer.DeviceTransferred, tracking: Tracking) -> None:
        kept = SQL(
            "devices = coalesce((SELECT jsonb_agg(d) FROM jsonb_array_elements(devices) d "
            "WHERE d->>'serial_number' <> %s), '[]'::jsonb)"
        )
        self._update(event, [kept], event.serial_number)

    @process_event.register
    def _(self, event: Customer.ConsentRecorded, tracking: Tracking) -> None:
        consent = {event.channel: _consent(event.granted, event)}
        column = SOURCES[ContactChannel(event.channel)]
        sets = [SQL("consents = consents || %s"), SQL("{} = %s").format(Identifier(column))]
        self._update(event, sets, Jsonb(consent), self._sealed(event, column, event.source))

    @process_event.register
    def _(self, event: Customer.ObjectionRecorded, tracking: Tracking) -> None:
        self._update(event, [SQL("restricted = true")])

    @process_event.register(Customer.LegalHoldPlaced)
    @process_event.register(Customer.LegalHoldLifted)
    def _held(self, event: Any, tracking: Tracking) -> None:
        """A hold shows nowhere here, but it is a change: the version moves with it."""
        self._update(event, [])

    @process_event.register
    def _(self, event: Customer.DuplicateMerged, tracking: Tracking) -> None:
        self._update(event, [SQL("merged = array_append(merged, %s)")], event.duplicate_id)

    @process_event.register
    def _(self, event: Customer.MergedInto, tracking: Tracking) -> None:
        self._update(event, [SQL("merged_into = %s")], event.survivor_id)

    @process_event.register
    def _(self, event: Customer.Erased, tracking: Tracking) -> None:
        self.erase(event)
        self._update(event, [])

    def _sealed(self, event: Any, column: str, value: str | None) -> bytes | None:
        return self.view.columns.seal(event.originator_id, place(CUSTOMER_DIRECTORY, column), value)

    def _update(self, event: Any, assignments: Sequence[Composable], *values: object) -> None:
        """Set the columns (fixed assignments, never client text) and the new version."""
        sets = SQL(", ").join([*assignments, SQL("version = %s")])
        self.view.cursor.execute(
            SQL("UPDATE {} SET {} WHERE customer_id = %s AND tenant_id = %s").format(
                CUSTOMER_DIRECTORY.sql, sets
            ),
            (*values, event.originator_version, event.originator_id, context_of(event).tenant_id),
        )
