"""The ticket queue: one row per ticket, filtered and searched by `GET /v1/tickets`. The fault and
the summary are sealed under the ticket's key; the fault's words are kept as blind-index tokens
(projections/ticket_queue/words.py), which its erasure or de-identification clears with them.

Beside the tickets, one row per customer: the name and surname sealed under the customer's key,
with the customer directory's name tokens (projections/customer_directory/search.py), which the
customer's erasure clears (and destroys the key of)."""

from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg.sql import SQL, Identifier, Placeholder

from domain.customer import Customer
from domain.ticket import Ticket
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.customer_directory.search import sealed_details
from projections.sealed_rows import Sealing
from projections.ticket_queue.tables import NAME, QUEUE_CUSTOMERS, TICKET_QUEUE, VERSION
from projections.ticket_queue.words import fault_tokens
from projections.ticket_rows import (
    LATER_EVENTS,
    SEALED,
    TEXT,
    TICKET_EVENTS,
    TicketRows,
)

NAMES = ("name", "surname")  # of a customer: sealed under the customer's key
NAME_TOKENS = ("given_tokens", "surname_tokens")


class TicketQueueView(ReadModel):
    tables = (TICKET_QUEUE, QUEUE_CUSTOMERS)
    erasable = {
        TICKET_QUEUE: ("customer_id", (*TEXT, "words")),
        QUEUE_CUSTOMERS: ("customer_id", (*NAMES, *NAME_TOKENS)),
    }
    deidentifiable = {TICKET_QUEUE: ("ticket_id", (*TEXT, "words"))}
    marks_erased = frozenset({TICKET_QUEUE, QUEUE_CUSTOMERS})
    sealed = {TICKET_QUEUE: SEALED, QUEUE_CUSTOMERS: ("customer_id", NAMES)}


_NAMED = ("customer_id", "tenant_id", *NAMES, *NAME_TOKENS)
_INSERT = SQL("INSERT INTO {} ({}) VALUES ({})").format(
    QUEUE_CUSTOMERS.sql,
    SQL(", ").join(map(Identifier, _NAMED)),
    SQL(", ").join(Placeholder(c) for c in _NAMED),
)


class TicketQueue(ReadModelProjection[TicketQueueView]):
    name = NAME
    version = VERSION
    prompt = True
    view_class = TicketQueueView
    handles = (*TICKET_EVENTS, Customer.Registered, Customer.DetailsCorrected, Customer.Erased)

    def __init__(self, view: TicketQueueView) -> None:
        super().__init__(view)
        self.tickets = view.buffered(TicketRows(TICKET_QUEUE, Sealing(view, TICKET_QUEUE)))

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Ticket.Opened, tracking: Tracking) -> None:
        self.tickets.open(event)
        self._index_fault(event, event.tenant_id)

    @process_event.register(LATER_EVENTS)
    def _(self, event: Any, tracking: Tracking) -> None:
        self.tickets.change(event)

    @process_event.register  # after LATER_EVENTS, which it takes over for this one
    def _(self, event: Ticket.DetailsCorrected, tracking: Tracking) -> None:
        self.tickets.change(event)
        if "fault_description" in event.corrected:
            self._index_fault(event, context_of(event).tenant_id)

    @process_event.register
    def _(self, event: Customer.Registered, tracking: Tracking) -> None:
        names = sealed_details(self.view.columns, QUEUE_CUSTOMERS, event, NAMES)
        row = {"customer_id": event.originator_id, "tenant_id": event.tenant_id, **names}
        self.view.cursor.execute(_INSERT, row)

    @process_event.register
    def _(self, event: Customer.DetailsCorrected, tracking: Tracking) -> None:
        corrected = [field for field in NAMES if field in event.corrected]
        if not corrected:
            return
        names = sealed_details(self.view.columns, QUEUE_CUSTOMERS, event, corrected)
        self.view.cursor.execute(
            SQL("UPDATE {} SET {} WHERE customer_id = %s AND tenant_id = %s").format(
                QUEUE_CUSTOMERS.sql,
                SQL(", ").join(SQL("{} = %s").format(Identifier(c)) for c in names),
            ),
            (*names.values(), event.originator_id, context_of(event).tenant_id),
        )

    @process_event.register
    def _(self, event: Customer.Erased, tracking: Tracking) -> None:
        self.erase(event)

    def _index_fault(self, event: Ticket.Opened | Ticket.DetailsCorrected, tenant_id: UUID) -> None:
        """The fault's words as blind-index tokens, which search finds the ticket by."""
        if event.fault_description is not None:
            tokens = fault_tokens(self.view.columns, tenant_id, event.fault_description)
            self.tickets.update(event.originator_id, {"words": tokens})
