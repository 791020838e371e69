"""The device history: every ticket and repair for a serial number in the tenant, in log order.

A repair that fits a part with its own serial shows in the history of the device repaired and,
as `fitted_as_replacement`, in the history of the part's serial, each naming the other.
"""

from collections.abc import Mapping
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.customer import Customer
from domain.ticket import Ticket
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.buffers import Appends

TABLE = "device_history"
TICKETS = "device_tickets"
DEVICE, REPLACEMENT = 0, 1  # which serial of the event an entry is filed under
_FILED = f"""
INSERT INTO {TABLE} (tenant_id, serial_number, position, entry, ticket_id, ticket_number,
    customer_id, kind, at, actor, repair_kind, part_number, other_serial, resolution, text)
SELECT tenant_id, {{serial}}, %(position)s, {{entry}}, ticket_id, number, customer_id, %(kind)s,
    %(at)s, %(actor)s, %(repair_kind)s, %(part_number)s, {{other}}, %(resolution)s, %(text)s
FROM {TICKETS} WHERE ticket_id = %(ticket_id)s AND tenant_id = %(tenant_id)s
"""
_UNDER_DEVICE = _FILED.format(serial="serial_number", entry=DEVICE, other="%(replacement)s")
_UNDER_REPLACEMENT = _FILED.format(
    serial="%(replacement)s", entry=REPLACEMENT, other="serial_number"
)


class DeviceHistoryView(ReadModel):
    tables = (TABLE, TICKETS)
    erasable = {TABLE: ("customer_id", ("text",))}
    marks_erased = frozenset({TABLE})
    deidentifiable = {TABLE: ("ticket_id", ("text",))}


class DeviceHistory(ReadModelProjection[DeviceHistoryView]):
    name = TABLE
    view_class = DeviceHistoryView
    handles = (
        Ticket.Opened,
        Ticket.RepairRecorded,
        Ticket.Closed,
        Ticket.Reopened,
        Customer.Erased,
    )

    def __init__(self, view: DeviceHistoryView) -> None:
        super().__init__(view)
        self.tickets = view.buffered(Appends(f"INSERT INTO {TICKETS} VALUES (%s, %s, %s, %s, %s)"))
        self.entries = {
            statement: view.buffered(Appends(statement))
            for statement in (_UNDER_DEVICE, _UNDER_REPLACEMENT)
        }

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Ticket.Opened, tracking: Tracking) -> None:
        self.tickets.add(
            (
                event.originator_id,
                event.tenant_id,
                event.serial_number,
                event.number,
                event.customer_id,
            )
        )
        self._file(event, tracking, "ticket_opened", {"text": event.fault_description})

    @process_event.register
    def _(self, event: Ticket.RepairRecorded, tracking: Tracking) -> None:
        details = {
            "repair_kind": event.kind,
            "part_number": event.part_number,
            "replacement": event.replacement_serial,
            "text": event.description,
        }
        self._file(event, tracking, "repair_recorded", details)
        if event.replacement_serial:
            self._file(event, tracking, "fitted_as_replacement", details, _UNDER_REPLACEMENT)

    @process_event.register
    def _(self, event: Ticket.Closed, tracking: Tracking) -> None:
        closure = {"resolution": event.resolution, "text": event.summary}
        self._file(event, tracking, "ticket_closed", closure)

    @process_event.register
    def _(self, event: Ticket.Reopened, tracking: Tracking) -> None:
        self._file(event, tracking, "ticket_reopened", {"text": event.reason})

    @process_event.register
    def _(self, event: Customer.Erased, tracking: Tracking) -> None:
        self.erase(event)

    def _file(
        self,
        event: Any,
        tracking: Tracking,
        kind: str,
        details: Mapping[str, object],
        statement: str = _UNDER_DEVICE,
    ) -> None:
        """File an entry for the event under the ticket's device (or the fitted part's serial)."""
        ctx = context_of(event)
        params = dict.fromkeys(("repair_kind", "part_number", "replacement", "resolution", "text"))
        params.update(details)
        params.update(
            position=tracking.notification_id,
            kind=kind,
            at=event.timestamp,
            actor=ctx.actor,
            ticket_id=event.originator_id,
            tenant_id=ctx.tenant_id,
        )
        self.entries[statement].add(params)
