"""The ticket queue: one row per ticket, filtered and searched by `GET /v1/tickets`."""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.customer import Customer
from domain.ticket import Ticket
from projections.base import ReadModel, ReadModelProjection
from projections.ticket_queue.tables import NAME, TICKET_QUEUE, VERSION
from projections.ticket_rows import (
    FREE_TEXT,
    LATER_EVENTS,
    PERSONAL,
    TICKET_EVENTS,
    TicketRows,
)


class TicketQueueView(ReadModel):
    tables = (TICKET_QUEUE,)
    erasable = {TICKET_QUEUE: PERSONAL}
    deidentifiable = {TICKET_QUEUE: FREE_TEXT}
    marks_erased = frozenset({TICKET_QUEUE})


class TicketQueue(ReadModelProjection[TicketQueueView]):
    name = NAME
    version = VERSION
    prompt = True
    view_class = TicketQueueView
    handles = (*TICKET_EVENTS, Customer.Erased)

    def __init__(self, view: TicketQueueView) -> None:
        super().__init__(view)
        self.tickets = view.buffered(TicketRows(TICKET_QUEUE))

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Ticket.Opened, tracking: Tracking) -> None:
        self.tickets.open(event)

    @process_event.register(LATER_EVENTS)
    def _(self, event: Any, tracking: Tracking) -> None:
        self.tickets.change(event)

    @process_event.register
    def _(self, event: Customer.Erased, tracking: Tracking) -> None:
        self.erase(event)
