"""The customer directory: each customer's details, consents and devices, found by phone, email
or name for `GET /v1/customers`."""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg.sql import SQL, Composable, Identifier
from psycopg.types.json import Jsonb

from domain.customer import Customer
from domain.customer_values import CORRECTABLE
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.customer_directory.tables import CUSTOMER_DIRECTORY, NAME, VERSION


class CustomerDirectoryView(ReadModel):
    tables = (CUSTOMER_DIRECTORY,)
    erasable = {CUSTOMER_DIRECTORY: ("customer_id", CORRECTABLE)}
    marks_erased = frozenset({CUSTOMER_DIRECTORY})


_INSERT = SQL(
    "INSERT INTO {} (customer_id, tenant_id, name, surname, phone, email, "
    "consents, devices, version) VALUES (%s, %s, %s, %s, %s, %s, %s, '[]', %s)"
).format(CUSTOMER_DIRECTORY.sql)


# A consent's source is the person's (sealed in its event): it goes with them, the grant stays.
_SOURCES_ERASED = SQL(
    "consents = (SELECT COALESCE(jsonb_object_agg(channel, consent || '{\"source\": null}'), "
    "'{}') FROM jsonb_each(consents) AS c(channel, consent))"
)


def _consent(granted: bool, source: str | None, event: Any) -> dict[str, object]:
    return {"granted": granted, "source": source, "recorded_at": event.timestamp.isoformat()}


class CustomerDirectory(ReadModelProjection[CustomerDirectoryView]):
    name = NAME
    version = VERSION
    prompt = True
    view_class = CustomerDirectoryView
    handles = (
        Customer.Registered,
        Customer.DetailsCorrected,
        Customer.DeviceRegistered,
        Customer.ConsentRecorded,
        Customer.ObjectionRecorded,
        Customer.Erased,
    )

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Customer.Registered, tracking: Tracking) -> None:
        consents = {c: _consent(g, event.consent_source, event) for c, g in event.consents.items()}
        self.view.cursor.execute(
            _INSERT,
            (
                event.originator_id,
                event.tenant_id,
                event.name,
                event.surname,
                event.phone,
                event.email,
                Jsonb(consents),
                event.originator_version,
            ),
        )

    @process_event.register
    def _(self, event: Customer.DetailsCorrected, tracking: Tracking) -> None:
        corrected = [field for field in CORRECTABLE if field in event.corrected]
        sets: list[Composable] = [SQL("{} = %s").format(Identifier(f)) for f in corrected]
        values = [getattr(event, field) for field in corrected]
        self._update(event, sets, *values)

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
    def _(self, event: Customer.ConsentRecorded, tracking: Tracking) -> None:
        consent = {event.channel: _consent(event.granted, event.source, event)}
        self._update(event, [SQL("consents = consents || %s")], Jsonb(consent))

    @process_event.register
    def _(self, event: Customer.ObjectionRecorded, tracking: Tracking) -> None:
        self._update(event, [SQL("restricted = true")])

    @process_event.register
    def _(self, event: Customer.Erased, tracking: Tracking) -> None:
        self.erase(event)
        self._update(event, [_SOURCES_ERASED])

    def _update(self, event: Any, assignments: list[Composable], *values: object) -> None:
        """Set the columns (fixed assignments, never client text) and the new version."""
        sets = SQL(", ").join([*assignments, SQL("version = %s")])
        self.view.cursor.execute(
            SQL("UPDATE {} SET {} WHERE customer_id = %s AND tenant_id = %s").format(
                CUSTOMER_DIRECTORY.sql, sets
            ),
            (*values, event.originator_version, event.originator_id, context_of(event).tenant_id),
        )
