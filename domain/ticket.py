"""The repair ticket: a customer's device from intake to closure."""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.errors import DomainError, InvalidTransition, PersonalDataErased, TicketClosed
from domain.personal import Personal
from domain.ticket_register import TicketRegister
from domain.ticket_status import FINISHED, TicketStatus, check_move
from domain.values import IntakeChannel, Priority, RepairKind, Resolution, serial_number


@dataclass(frozen=True)
class Device:
    make: str
    model: str
    serial_number: str


@dataclass(frozen=True)
class Repair:
    kind: RepairKind
    description: str | None
    part_number: str | None
    replacement_serial: str | None
    recorded_at: datetime


@dataclass(frozen=True)
class Note:
    body: str | None
    added_at: datetime


class Ticket(Aggregate):
    class Opened(Aggregate.Created):
        tenant_id: UUID
        number: str
        customer_id: UUID
        make: str
        model: str
        serial_number: str
        fault_description: Personal
        priority: str
        channel: str

        def apply(self, ticket: "Ticket") -> None:
            ticket.tenant_id = self.tenant_id
            ticket.number = self.number
            ticket.customer_id = self.customer_id
            ticket.device = Device(self.make, self.model, self.serial_number)
            ticket.fault_description = self.fault_description
            ticket.priority = Priority(self.priority)
            ticket.channel = IntakeChannel(self.channel)
            ticket.status = TicketStatus.NEW
            ticket.assignee_id = None
            ticket.repairs = []
            ticket.notes = []
            ticket.opened_at = self.timestamp
            ticket.closed_at = None
            ticket.resolution = None
            ticket.summary = None
            ticket.deidentified = False

    class Assigned(Aggregate.Event):
        assignee_id: UUID

        def apply(self, ticket: "Ticket") -> None:
            ticket.assignee_id = self.assignee_id

    class StatusChanged(Aggregate.Event):
        status: str
        note: Personal

        def apply(self, ticket: "Ticket") -> None:
            ticket.status = TicketStatus(self.status)

    class RepairRecorded(Aggregate.Event):
        kind: str
        description: Personal
        part_number: str | None
        replacement_serial: str | None

        def apply(self, ticket: "Ticket") -> None:
            ticket.repairs.append(
                Repair(
                    RepairKind(self.kind),
                    self.description,
                    self.part_number,
                    self.replacement_serial,
                    self.timestamp,
                )
            )

    class NoteAdded(Aggregate.Event):
        body: Personal

        def apply(self, ticket: "Ticket") -> None:
            ticket.notes.append(Note(self.body, self.timestamp))

    class Closed(Aggregate.Event):
        resolution: str
        summary: Personal

        def apply(self, ticket: "Ticket") -> None:
            ticket.status = TicketStatus.CLOSED
            ticket.resolution = Resolution(self.resolution)
            ticket.summary = self.summary
            ticket.closed_at = self.timestamp

    class Reopened(Aggregate.Event):
        reason: Personal

        def apply(self, ticket: "Ticket") -> None:
            ticket.status = TicketStatus.NEW
            ticket.resolution = None
            ticket.summary = None
            ticket.closed_at = None

    class Deidentified(Aggregate.Event):
        """The free text of a finished ticket is erased; device and repair history stay."""

        sensitive: ClassVar[bool] = True
        reason: str

        def apply(self, ticket: "Ticket") -> None:
            ticket.fault_description = None
            ticket.summary = None
            ticket.repairs = [replace(r, description=None) for r in ticket.repairs]
            ticket.notes = [replace(n, body=None) for n in ticket.notes]
            ticket.deidentified = True

    if TYPE_CHECKING:
        tenant_id: UUID
        number: str
        customer_id: UUID
        device: Device
        fault_description: str | None
        priority: Priority
        channel: IntakeChannel
        status: TicketStatus
        assignee_id: UUID | None
        repairs: list[Repair]
        notes: list[Note]
        opened_at: datetime
        closed_at: datetime | None
        resolution: Resolution | None
        summary: str | None
        deidentified: bool

    @classmethod
    def open(
        cls,
        *,
        register: TicketRegister,
        customer_id: UUID,
        device: Device,
        fault_description: str,
        priority: Priority,
        channel: IntakeChannel,
    ) -> "Ticket":
        """Open a ticket under the next number of the tenant's register."""
        ticket_id = uuid4()
        return cls._create(
            cls.Opened,
            id=ticket_id,
            tenant_id=register.tenant_id,
            number=register.issue(ticket_id),
            customer_id=customer_id,
            make=device.make,
            model=device.model,
            serial_number=serial_number(device.serial_number),
            fault_description=fault_description,
            priority=Priority(priority).value,
            channel=IntakeChannel(channel).value,
        )

    @property
    def data_subject_id(self) -> UUID:
        """The person whose information this ticket's free text is about."""
        return self.customer_id

    def assign(self, assignee_id: UUID) -> None:
        self._refuse_when_finished("assign")
        if assignee_id != self.assignee_id:
            self.trigger_event(self.Assigned, assignee_id=assignee_id)

    def change_status(self, status: TicketStatus, note: str | None = None) -> None:
        if status is TicketStatus.CLOSED:
            raise InvalidTransition("a ticket is closed by a closure, which needs a resolution")
        if self.status in FINISHED:
            raise InvalidTransition(f"a {self.status} ticket moves again only by a reopening")
        check_move(self.status, status)
        self.trigger_event(self.StatusChanged, status=status.value, note=note)

    def record_repair(
        self,
        kind: RepairKind,
        description: str,
        part_number: str | None = None,
        replacement_serial: str | None = None,
    ) -> None:
        self._refuse_when_finished("record a repair on")
        if kind is RepairKind.PART_REPLACED and not (part_number or replacement_serial):
            raise MissingPart("a replaced part needs its part number or replacement serial")
        self.trigger_event(
            self.RepairRecorded,
            kind=RepairKind(kind).value,
            description=description,
            part_number=part_number,
            replacement_serial=serial_number(replacement_serial) if replacement_serial else None,
        )

    def add_note(self, body: str) -> None:
        self._refuse_when_deidentified()
        self.trigger_event(self.NoteAdded, body=body)

    def close(self, resolution: Resolution, summary: str) -> None:
        if self.status in FINISHED:
            raise TicketClosed(f"the ticket is already {self.status}")
        check_move(self.status, TicketStatus.CLOSED)
        self.trigger_event(self.Closed, resolution=Resolution(resolution).value, summary=summary)

    def reopen(self, reason: str) -> None:
        self._refuse_when_deidentified()
        if self.status not in FINISHED:
            raise InvalidTransition(
                f"only a closed or cancelled ticket reopens, not a {self.status}"
            )
        check_move(self.status, TicketStatus.NEW)
        self.trigger_event(self.Reopened, reason=reason)

    def deidentify(self, reason: str) -> None:
        """Erase the free text of a finished ticket (once)."""
        if self.status not in FINISHED:
            raise InvalidTransition(f"only a finished ticket is de-identified, not a {self.status}")
        if not self.deidentified:
            self.trigger_event(self.Deidentified, reason=reason)

    def _refuse_when_deidentified(self) -> None:
        if self.deidentified:
            raise PersonalDataErased("the ticket's free text is erased")

    def _refuse_when_finished(self, action: str) -> None:
        if self.status in FINISHED:
            raise TicketClosed(f"cannot {action} a {self.status} ticket; reopen it first")


class MissingPart(DomainError):
    code = "part_required"
