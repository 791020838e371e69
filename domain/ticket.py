"""The repair ticket: a customer's device from intake to closure."""

from dataclasses import asdict, replace
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain import parts, quote, ticket_status
from domain.errors import DomainError, InvalidValue, PersonalDataErased
from domain.money import QuoteLine, checked_lines
from domain.parts import Part, PartOrder, PartState
from domain.personal import Personal
from domain.quote import Decision, DecisionChannel, Quote, QuoteState
from domain.ticket_corrections import correction
from domain.ticket_register import TicketRegister
from domain.ticket_status import TicketStatus
from domain.ticket_values import Device, Note, Repair, Satisfaction, intake, repair_part
from domain.values import IntakeChannel, Priority, RepairKind, Resolution


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
            ticket.quotes = []
            ticket.status_link_generation = 0

    class Assigned(Aggregate.Event):
        assignee_id: UUID

        def apply(self, ticket: "Ticket") -> None:
            ticket.assignee_id = self.assignee_id

    class Unassigned(Aggregate.Event):
        assignee_id: UUID  # whom the ticket was taken from

        def apply(self, ticket: "Ticket") -> None:
            ticket.assignee_id = None

    class DetailsCorrected(Aggregate.Event):
        corrected: list[str]  # the details corrected (domain/ticket_corrections.py)
        priority: str | None  # each the corrected value, or None when not corrected
        fault_description: Personal
        make: str | None
        model: str | None
        serial_number: str | None

        def apply(self, ticket: "Ticket") -> None:
            new = {field: getattr(self, field) for field in self.corrected}
            ticket.priority = Priority(new.pop("priority", ticket.priority))
            ticket.fault_description = new.pop("fault_description", ticket.fault_description)
            ticket.device = replace(ticket.device, **new)

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
            part = (self.part_number, self.replacement_serial)
            repair = Repair(RepairKind(self.kind), self.description, *part, self.timestamp)
            ticket.repairs.append(repair)

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

    class QuoteDrafted(Aggregate.Event):
        """A quote drafted; the one that stood before, if any, is superseded (and kept)."""

        quote_id: UUID
        lines: list[dict[str, str | int]]  # kind, description, quantity, unit_cents
        vat_rate: int  # basis points: 1500 is 15.00%
        currency: str

        def apply(self, ticket: "Ticket") -> None:
            lines = [QuoteLine.from_stored(line) for line in self.lines]
            drafted = Quote(self.quote_id, lines, self.vat_rate, self.currency, self.timestamp)
            ticket.quotes = quote.superseding(ticket.quotes, drafted)

    class QuoteSent(Aggregate.Event):
        """The quote went to the customer in a message, on a channel, to approve or decline."""

        quote_id: UUID
        channel: str
        message_id: UUID

        def apply(self, ticket: "Ticket") -> None:
            sent = {"state": QuoteState.SENT, "sent_on": self.channel}
            ticket.quotes = quote.changed(ticket.quotes, self.quote_id, **sent)

    class QuoteApproved(Aggregate.Event):
        """The customer approved the quote: the channel, a keyed hash of the address it came
        from, the name typed as a signature, or the reason of the staff user who recorded it."""

        quote_id: UUID
        channel: str
        source_hash: str | None
        signature_name: Personal
        reason: Personal

        def apply(self, ticket: "Ticket") -> None:
            ticket._decided(self, approved=True)

    class QuoteDeclined(Aggregate.Event):
        """The customer declined the quote, with the evidence an approval has."""

        quote_id: UUID
        channel: str
        source_hash: str | None
        signature_name: Personal
        reason: Personal

        def apply(self, ticket: "Ticket") -> None:
            ticket._decided(self, approved=False)

    class Deidentified(Aggregate.Event):
        """The free text of a finished ticket is erased; device and repair history stay."""

        sensitive: ClassVar[bool] = True
        reason: str

        def apply(self, ticket: "Ticket") -> None:
            ticket.fault_description = None
            ticket.summary = None
            ticket.repairs = [replace(r, description=None) for r in ticket.repairs]
            ticket.notes = [replace(n, body=None) for n in ticket.notes]
            ticket.quotes = quote.deidentified(ticket.quotes)
            if ticket.satisfaction is not None:
                ticket.satisfaction = replace(ticket.satisfaction, comment=None)
            ticket.deidentified = True

    class SatisfactionRated(Aggregate.Event):
        """The customer rated the closed repair, 1 to 5, on their status page, with a comment
        (sealed: free text about them, erased with the ticket's other free text)."""

        rating: int
        comment: Personal

        def apply(self, ticket: "Ticket") -> None:
            ticket.satisfaction = Satisfaction(self.rating, self.comment, self.timestamp)

    class StatusLinkRevoked(Aggregate.Event):
        """Staff revoked the ticket's status link: `generation` is the new link's."""

        generation: int

        def apply(self, ticket: "Ticket") -> None:
            ticket.status_link_generation = self.generation

    class PartOrdered(Aggregate.Event):
        """A part ordered for the repair from a supplier (business data, not personal)."""

        part_id: UUID
        part_number: str
        description: str
        quantity: int
        serial: str | None
        cost_cents: int
        supplier: str
        tracking: str | None

        def apply(self, ticket: "Ticket") -> None:
            if not parts.open_orders(ticket.parts):
                ticket.parts_came_from = ticket.status
            order = PartOrder(**{f: getattr(self, f) for f in PartOrder.__dataclass_fields__})
            ticket.parts = (*ticket.parts, Part(self.part_id, order))

    class PartArrived(Aggregate.Event):
        part_id: UUID

        def apply(self, ticket: "Ticket") -> None:
            ticket.parts = parts.changed(ticket.parts, self.part_id, PartState.ARRIVED)

    class PartCancelled(Aggregate.Event):
        part_id: UUID

        def apply(self, ticket: "Ticket") -> None:
            ticket.parts = parts.changed(ticket.parts, self.part_id, PartState.CANCELLED)

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
        quotes: list[Quote]
        status_link_generation: int
        satisfaction: Satisfaction | None
        parts: tuple[Part, ...]
        parts_came_from: TicketStatus  # where the ticket was when its open orders began
    else:
        satisfaction = None  # tickets opened before ratings, and their snapshots
        parts = ()  # tickets opened before parts, and their snapshots
        parts_came_from = TicketStatus.DIAGNOSING

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
            **intake(device, priority, channel),
            fault_description=fault_description,
        )

    @property
    def data_subject_id(self) -> UUID:
        """The person whose information this ticket's free text is about."""
        return self.customer_id

    def assign(self, assignee_id: UUID) -> None:
        ticket_status.check_unfinished(self.status, "assign")
        if assignee_id != self.assignee_id:
            self.trigger_event(self.Assigned, assignee_id=assignee_id)

    def unassign(self) -> None:
        ticket_status.check_unfinished(self.status, "unassign")
        if self.assignee_id is not None:
            self.trigger_event(self.Unassigned, assignee_id=self.assignee_id)

    def correct(self, **changes: str | None) -> None:
        """Correct details taken at intake; those not given stay as they are."""
        taken = {"priority": self.priority.value, "fault_description": self.fault_description}
        state = (self.status, self.deidentified)
        if corrected := correction(taken | asdict(self.device), changes, *state):
            self.trigger_event(self.DetailsCorrected, **corrected)

    def change_status(self, status: TicketStatus, note: str | None = None) -> None:
        ticket_status.check_change(self.status, status)
        if status is TicketStatus.IN_REPAIR:
            quote.check_repair_may_start(self.quotes)
        self.trigger_event(self.StatusChanged, status=status.value, note=note)

    def record_repair(
        self,
        kind: RepairKind,
        description: str,
        part_number: str | None = None,
        replacement_serial: str | None = None,
    ) -> None:
        ticket_status.check_unfinished(self.status, "record a repair on")
        part = repair_part(kind, part_number, replacement_serial)
        self.trigger_event(self.RepairRecorded, description=description, **part)

    def add_note(self, body: str) -> None:
        self._refuse_when_deidentified()
        self.trigger_event(self.NoteAdded, body=body)

    def close(self, resolution: Resolution, summary: str) -> None:
        ticket_status.check_closure(self.status)
        self.trigger_event(self.Closed, resolution=Resolution(resolution).value, summary=summary)

    def reopen(self, reason: str) -> None:
        self._refuse_when_deidentified()
        ticket_status.check_reopening(self.status)
        self.trigger_event(self.Reopened, reason=reason)

    def deidentify(self, reason: str) -> None:
        """Erase the free text of a finished ticket (once)."""
        ticket_status.check_deidentification(self.status)
        if not self.deidentified:
            self.trigger_event(self.Deidentified, reason=reason)

    def draft_quote(self, lines: list[QuoteLine], vat_rate: int, currency: str) -> UUID:
        """Draft a quote (it supersedes the one that stood); its id."""
        ticket_status.check_unfinished(self.status, "quote on")
        quote_id = uuid4()
        stored = [line.stored() for line in checked_lines(lines)]
        self.trigger_event(
            self.QuoteDrafted, quote_id=quote_id, lines=stored, vat_rate=vat_rate, currency=currency
        )
        return quote_id

    def send_quote(self, quote_id: UUID, channel: str, message_id: UUID) -> None:
        """Send the current draft; the ticket then awaits the customer's approval."""
        quote.standing(self.quotes, quote_id, QuoteState.DRAFT)
        moves = ticket_status.check_quote_sending(self.status)
        sent = {"quote_id": quote_id, "channel": channel, "message_id": message_id}
        self.trigger_event(self.QuoteSent, **sent)
        if moves:
            awaiting = TicketStatus.AWAITING_APPROVAL.value
            self.trigger_event(self.StatusChanged, status=awaiting, note=None)

    def decide_quote(
        self,
        quote_id: UUID,
        approved: bool,
        channel: DecisionChannel,
        *,
        by_staff: bool,
        source_hash: str | None = None,
        signature_name: str | None = None,
        reason: str | None = None,
    ) -> None:
        """The customer's answer to the sent quote, once, with its evidence."""
        ticket_status.check_unfinished(self.status, "decide a quote on")
        self._refuse_when_deidentified()
        sent = quote.standing(self.quotes, quote_id, QuoteState.SENT)
        quote.check_evidence(sent, channel, by_staff, source_hash, signature_name, reason)
        self.trigger_event(
            self.QuoteApproved if approved else self.QuoteDeclined,
            quote_id=quote_id,
            channel=DecisionChannel(channel).value,
            source_hash=source_hash,
            signature_name=signature_name,
            reason=reason,
        )

    def _decided(
        self, event: "Ticket.QuoteApproved | Ticket.QuoteDeclined", approved: bool
    ) -> None:
        evidence = (event.source_hash, event.signature_name, event.reason)
        decision = Decision(approved, DecisionChannel(event.channel), event.timestamp, *evidence)
        state = QuoteState.APPROVED if approved else QuoteState.DECLINED
        self.quotes = quote.changed(self.quotes, event.quote_id, state=state, decision=decision)

    def rate_satisfaction(self, rating: int, comment: str | None) -> None:
        """The customer's rating of the closed repair: once per ticket."""
        if self.status is not TicketStatus.CLOSED:
            raise NotClosed("a repair is rated once it is closed")
        if self.satisfaction is not None:
            raise AlreadyRated("this repair was rated already")
        if not 1 <= rating <= 5:
            raise InvalidValue("rating", "a whole number from 1 to 5")
        if comment is not None:
            self._refuse_when_deidentified()
        self.trigger_event(self.SatisfactionRated, rating=rating, comment=comment)

    def order_part(self, order: PartOrder) -> UUID:
        """Order a part; the ticket awaits parts when it can (domain/parts.py). Its id."""
        moves = parts.check_ordering(self.status)
        part_id = uuid4()
        fields = asdict(order.checked())
        self.trigger_event(self.PartOrdered, part_id=part_id, **fields)
        if moves:
            awaiting = TicketStatus.AWAITING_PARTS.value
            self.trigger_event(self.StatusChanged, status=awaiting, note=None)
        return part_id

    def close_part_order(self, part_id: UUID, arrived: bool) -> None:
        """The part arrived, or its order was cancelled; the last open order closed takes the
        ticket back to where it came from."""
        parts.check_open(self.parts, part_id, self.status)
        self.trigger_event(self.PartArrived if arrived else self.PartCancelled, part_id=part_id)
        back = parts.settled(self.status, self.parts, self.parts_came_from, self.quotes)
        if back is not None:
            self.trigger_event(self.StatusChanged, status=back.value, note=None)

    def revoke_status_link(self) -> None:
        """The status link stops working; the ticket's next link replaces it."""
        self.trigger_event(self.StatusLinkRevoked, generation=self.status_link_generation + 1)

    def _refuse_when_deidentified(self) -> None:
        if self.deidentified:
            raise PersonalDataErased("the ticket's free text is erased")


class NotClosed(DomainError):
    code = "ticket_not_closed"


class AlreadyRated(DomainError):
    code = "already_rated"
