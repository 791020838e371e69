"""What the read models should say, worked out from a tenant's events alone, in plain Python.

An independent second account of every read model, for the property test to compare with the
queries' answers: it folds the events in log order and knows nothing of the projections.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.customer import Customer
from domain.tenant import Tenant
from domain.tenant_policies import DEFAULT_TARGET_HOURS
from domain.ticket import Ticket
from domain.values import Priority
from projections.ticket_rows import TICKET_EVENTS

FINISHED = {"closed", "cancelled"}
RESPONSES = (Ticket.StatusChanged, Ticket.RepairRecorded, Ticket.Closed)


@dataclass
class Expected:
    tickets: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    customers: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    # Each history entry as (position, entry: 0 under the device, 1 under a fitted part, serial).
    filed: list[tuple[int, int, str, dict[str, Any]]] = field(default_factory=list)
    service: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    targets: dict[Priority, int] = field(default_factory=lambda: dict(DEFAULT_TARGET_HOURS))
    # Each ticket's version and time of change as the queue shows them: it follows the ticket's
    # own events (projections/ticket_rows.py), not its quotes' or parts'.
    queued: dict[UUID, dict[str, Any]] = field(default_factory=dict)

    @property
    def history(self) -> dict[str, list[dict[str, Any]]]:
        """Each serial's entries in log order."""
        history: dict[str, list[dict[str, Any]]] = {}
        for _, _, serial, entry in sorted(self.filed, key=lambda f: (f[0], f[1])):
            history.setdefault(serial, []).append(entry)
        return history

    def fold(self, position: int, event: Any) -> None:
        if isinstance(event, Ticket.Opened | Ticket.Event):
            self._ticket(event)
            self._service(event)
            self._history(position, event)
        elif isinstance(event, Customer.Erased):
            self._erase(event.originator_id)
            self.customers[event.originator_id]["version"] = event.originator_version
        elif isinstance(event, Customer.Registered | Customer.Event):
            self._customer(event)
        elif isinstance(event, Tenant.ServiceTargetsSet):
            self.targets = {Priority(p): h for p, h in event.hours.items()}

    def _ticket(self, event: Any) -> None:
        by, at = event.meta["actor"], event.timestamp
        entry = dict.fromkeys(
            ("status", "assignee_id", "repair_kind", "part_number", "replacement_serial")
        ) | {"version": event.originator_version, "at": at, "by": by}
        entry |= dict.fromkeys(("corrected", "priority", "make", "model", "serial_number"))
        entry |= {"resolution": None, "quote_id": None, "part_id": None, "channel": None}
        entry["text"] = None
        if isinstance(event, Ticket.Opened):
            self.tickets[event.originator_id] = {
                "id": event.originator_id,
                "number": event.number,
                "status": "new",
                "priority": event.priority,
                "channel": event.channel,
                "customer_id": event.customer_id,
                "device": {
                    "make": event.make,
                    "model": event.model,
                    "serial_number": event.serial_number,
                },
                "fault_description": event.fault_description,
                "assignee_id": None,
                "opened_at": at,
                "closed_at": None,
                "resolution": None,
                "summary": None,
                "erased": False,
                "parts": [],
                "timeline": [entry | {"kind": "opened", "status": "new"}],
            }
        ticket = self.tickets[event.originator_id]
        ticket |= {"updated_at": at, "version": event.originator_version}
        if isinstance(event, TICKET_EVENTS):
            self.queued[event.originator_id] = {"updated_at": at, "version": ticket["version"]}
        match event:
            case Ticket.Assigned():
                ticket["assignee_id"] = event.assignee_id
                entry |= {"kind": "assigned", "assignee_id": event.assignee_id}
            case Ticket.Unassigned():
                ticket["assignee_id"] = None
                entry |= {"kind": "unassigned", "assignee_id": event.assignee_id}
            case Ticket.DetailsCorrected():
                new = {f: getattr(event, f) for f in event.corrected}
                entry |= {"kind": "details_corrected", "corrected": event.corrected} | new
                entry["text"] = entry.pop("fault_description", None)
                ticket |= {k: new[k] for k in ("priority", "fault_description") if k in new}
                ticket["device"] |= {k: v for k, v in new.items() if k in ticket["device"]}
            case Ticket.StatusChanged():
                ticket["status"] = event.status
                entry |= {"kind": "status_changed", "status": event.status, "text": event.note}
            case Ticket.RepairRecorded():
                entry |= {
                    "kind": "repair_recorded",
                    "repair_kind": event.kind,
                    "part_number": event.part_number,
                    "replacement_serial": event.replacement_serial,
                    "text": event.description,
                }
            case Ticket.NoteAdded():
                entry |= {"kind": "note_added", "text": event.body}
            case Ticket.Closed():
                ticket |= {
                    "status": "closed",
                    "resolution": event.resolution,
                    "summary": event.summary,
                    "closed_at": at,
                }
                entry |= {
                    "kind": "closed",
                    "status": "closed",
                    "resolution": event.resolution,
                    "text": event.summary,
                }
            case Ticket.Reopened():
                ticket |= {"status": "new", "resolution": None, "summary": None, "closed_at": None}
                entry |= {"kind": "reopened", "status": "new", "text": event.reason}
            case Ticket.PartOrdered():
                ticket["parts"].append(_part(event, by))
                ordered = {"part_id": event.part_id, "part_number": event.part_number}
                entry |= {"kind": "part_ordered", **ordered}
            case Ticket.PartArrived() | Ticket.PartCancelled():
                arrived = isinstance(event, Ticket.PartArrived)
                [part] = [p for p in ticket["parts"] if p["id"] == event.part_id]
                state = "arrived" if arrived else "cancelled"
                part |= {"state": state, "closed_at": at, "closed_by": by}
                entry |= {"kind": f"part_{state}", "part_id": event.part_id}
        if not isinstance(event, Ticket.Opened):
            ticket["timeline"].append(entry)

    def _service(self, event: Any) -> None:
        ticket = self.tickets[event.originator_id]
        figures = self.service.setdefault(event.originator_id, {"first_response_at": None})
        figures |= {
            key: ticket[key] for key in ("number", "priority", "status", "assignee_id", "opened_at")
        }
        if isinstance(event, RESPONSES) and figures["first_response_at"] is None:
            figures["first_response_at"] = event.timestamp
        figures["resolved_at"] = ticket["closed_at"]

    def _history(self, position: int, event: Any) -> None:
        ticket = self.tickets[event.originator_id]
        serial = ticket["device"]["serial_number"]
        entry = {
            "at": event.timestamp,
            "by": event.meta["actor"],
            "ticket_id": ticket["id"],
            "ticket_number": ticket["number"],
            "customer_id": ticket["customer_id"],
            "repair_kind": None,
            "part_number": None,
            "replacement_serial": None,
            "fitted_into": None,
            "resolution": None,
            "erased": False,
        }
        match event:
            case Ticket.Opened():
                opened = {"kind": "ticket_opened", "text": ticket["fault_description"]}
                self._file(position, serial, entry | opened)
            case Ticket.DetailsCorrected():
                self._follow(event)
            case Ticket.RepairRecorded():
                repair = entry | {
                    "kind": "repair_recorded",
                    "repair_kind": event.kind,
                    "part_number": event.part_number,
                    "text": event.description,
                }
                replaced = {"replacement_serial": event.replacement_serial}
                self._file(position, serial, repair | replaced)
                if event.replacement_serial:
                    fitted = repair | {"kind": "fitted_as_replacement", "fitted_into": serial}
                    self._file(position, event.replacement_serial, fitted, 1)
            case Ticket.Closed():
                closure = {"resolution": event.resolution, "text": event.summary}
                self._file(position, serial, entry | {"kind": "ticket_closed"} | closure)
            case Ticket.Reopened():
                reopened = {"kind": "ticket_reopened", "text": event.reason}
                self._file(position, serial, entry | reopened)

    def _file(self, position: int, serial: str, entry: dict[str, Any], under: int = 0) -> None:
        self.filed.append((position, under, serial, entry))

    def _follow(self, event: Ticket.DetailsCorrected) -> None:
        """A corrected serial takes the ticket's entries; a corrected fault is its opening's."""
        ticket_id, serial = event.originator_id, event.serial_number
        for i, (position, under, _, entry) in enumerate(self.filed):
            if entry["ticket_id"] != ticket_id:
                continue
            if "serial_number" in event.corrected and under == 0:
                self.filed[i] = (position, under, str(serial), entry)
            elif "serial_number" in event.corrected:
                entry["fitted_into"] = serial
            if "fault_description" in event.corrected and entry["kind"] == "ticket_opened":
                entry["text"] = event.fault_description

    def _customer(self, event: Any) -> None:
        if isinstance(event, Customer.Registered):
            self.customers[event.originator_id] = {
                "id": event.originator_id,
                "name": event.name,
                "surname": event.surname,
                "phone": event.phone,
                "email": event.email,
                "consents": {
                    channel: _consent(granted, event.consent_source, event.timestamp)
                    for channel, granted in event.consents.items()
                },
                "devices": [],
                "restricted": False,
                "erased": False,
                "stale": False,
                "merged_into": None,
                "merged": [],
            }
        customer = self.customers[event.originator_id]
        customer["version"] = event.originator_version
        match event:
            case Customer.DetailsCorrected():
                customer |= {f: getattr(event, f) for f in event.corrected}
            case Customer.DeviceRegistered():
                customer["devices"].append(
                    {
                        "make": event.make,
                        "model": event.model,
                        "serial_number": event.serial_number,
                        "purchased_on": event.purchased_on,
                        "warranty_until": event.warranty_until,
                    }
                )
            case Customer.ConsentRecorded():
                customer["consents"][event.channel] = _consent(
                    event.granted, event.source, event.timestamp
                )
            case Customer.ObjectionRecorded():
                customer["restricted"] = True
            case Customer.DeviceTransferred():
                kept = [d for d in customer["devices"] if d["serial_number"] != event.serial_number]
                customer["devices"] = kept
            case Customer.DuplicateMerged():
                customer["merged"].append(event.duplicate_id)
            case Customer.MergedInto():
                customer["merged_into"] = event.survivor_id

    def _erase(self, customer_id: UUID) -> None:
        """What an erasure clears: the person's details and free text held so far."""
        self.customers[customer_id] |= dict.fromkeys(("name", "surname", "phone", "email"))
        self.customers[customer_id]["erased"] = True
        for consent in self.customers[customer_id]["consents"].values():
            consent["source"] = None
        for ticket in self.tickets.values():
            if ticket["customer_id"] == customer_id:
                ticket |= {"fault_description": None, "summary": None, "erased": True}
                for entry in ticket["timeline"]:
                    entry["text"] = None
        for entries in self.history.values():
            for entry in entries:
                if entry["customer_id"] == customer_id:
                    entry |= {"text": None, "erased": True}


def _part(event: Ticket.PartOrdered, by: str) -> dict[str, Any]:
    cost = f"{event.cost_cents // 100}.{event.cost_cents % 100:02d}"
    order = ("part_number", "description", "quantity", "serial", "supplier", "tracking")
    return {
        "id": event.part_id,
        "state": "ordered",
        **{field: getattr(event, field) for field in order},
        "cost": cost,
        "ordered_at": event.timestamp,
        "ordered_by": by,
        "closed_at": None,
        "closed_by": None,
    }


def _consent(granted: bool, source: str | None, at: datetime) -> dict[str, Any]:
    return {"granted": granted, "source": source, "recorded_at": at}


def percentile(values: list[float], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont: linear interpolation between the closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    rank = fraction * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
