"""The device history: every ticket and repair for a serial number in the tenant, in log order.

A repair that fits a part with its own serial shows in the history of the device repaired and,
as `fitted_as_replacement`, in the history of the part's serial, each naming the other. An
entry's free text is sealed under the ticket's key (projections/sealed_rows.py).
"""

from collections.abc import Mapping
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg.sql import SQL, Literal

from domain.customer import Customer
from domain.ticket import Ticket
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.buffers import Appends
from projections.device_history.tables import DEVICE_HISTORY, DEVICE_TICKETS, NAME, VERSION
from projections.sealed_rows import Sealing

DEVICE, REPLACEMENT = 0, 1  # which serial of the event an entry is filed under
_FILED = SQL("""
INSERT INTO {history} (tenant_id, serial_number, position, entry, ticket_id, ticket_number,
    customer_id, kind, at, actor, repair_kind, part_number, other_serial, resolution, text)
SELECT tenant_id, {serial}, %(position)s, {entry}, ticket_id, number, customer_id, %(kind)s,
    %(at)s, %(actor)s, %(repair_kind)s, %(part_number)s, {other}, %(resolution)s, %(text)s
FROM {tickets} WHERE ticket_id = %(ticket_id)s AND tenant_id = %(tenant_id)s
""")
_FILED_UNDER = {
    entry: _FILED.format(
        history=DEVICE_HISTORY.sql,
        tickets=DEVICE_TICKETS.sql,
        serial=SQL(serial),
        entry=Literal(entry),
        other=SQL(other),
    )
    for entry, serial, other in (
        (DEVICE, "serial_number", "%(replacement)s"),
        (REPLACEMENT, "%(replacement)s", "serial_number"),
    )
}
_TICKET = SQL("INSERT INTO {} VALUES (%s, %s, %s, %s, %s)").format(DEVICE_TICKETS.sql)
_OF_TICKET = SQL("WHERE tenant_id = %(tenant_id)s AND ticket_id = %(ticket_id)s")
# A corrected serial moves the ticket's entries to it; a corrected fault is its opening's text.
_MOVED = [
    SQL("UPDATE {} SET serial_number = %(serial)s {}").format(DEVICE_TICKETS.sql, _OF_TICKET),
    SQL("UPDATE {} SET serial_number = %(serial)s {} AND entry = {}").format(
        DEVICE_HISTORY.sql, _OF_TICKET, Literal(DEVICE)
    ),
    SQL("UPDATE {} SET other_serial = %(serial)s {} AND entry = {}").format(
        DEVICE_HISTORY.sql, _OF_TICKET, Literal(REPLACEMENT)
    ),
]
_REWORDED = SQL("UPDATE {} SET text = %(text)s {} AND kind = 'ticket_opened'").format(
    DEVICE_HISTORY.sql, _OF_TICKET
)


class DeviceHistoryView(ReadModel):
    tables = (DEVICE_HISTORY, DEVICE_TICKETS)
    erasable = {DEVICE_HISTORY: ("customer_id", ("text",))}
    marks_erased = frozenset({DEVICE_HISTORY})
    deidentifiable = {DEVICE_HISTORY: ("ticket_id", ("text",))}
    sealed = {DEVICE_HISTORY: ("ticket_id", ("text",))}


class DeviceHistory(ReadModelProjection[DeviceHistoryView]):
    name = NAME
    version = VERSION
    view_class = DeviceHistoryView
    handles = (
        Ticket.Opened,
        Ticket.DetailsCorrected,
        Ticket.RepairRecorded,
        Ticket.Closed,
        Ticket.Reopened,
        Customer.Erased,
    )

    def __init__(self, view: DeviceHistoryView) -> None:
        super().__init__(view)
        self.tickets = view.buffered(Appends(_TICKET))
        sealing = Sealing(view, DEVICE_HISTORY)
        self.entries = {
            entry: view.buffered(Appends(statement, sealing))
            for entry, statement in _FILED_UNDER.items()
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
    def _(self, event: Ticket.DetailsCorrected, tracking: Tracking) -> None:
        ticket = {"tenant_id": context_of(event).tenant_id, "ticket_id": event.originator_id}
        if "serial_number" in event.corrected:
            for statement in _MOVED:
                self.view.cursor.execute(statement, {**ticket, "serial": event.serial_number})
        if "fault_description" in event.corrected:
            row = {**ticket, "text": event.fault_description}
            Sealing(self.view, DEVICE_HISTORY)([row])
            self.view.cursor.execute(_REWORDED, row)

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
            self._file(event, tracking, "fitted_as_replacement", details, REPLACEMENT)

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
        entry: int = DEVICE,
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
        self.entries[entry].add(params)
