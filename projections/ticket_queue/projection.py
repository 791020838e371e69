"""The ticket queue: one row per ticket, filtered and searched by `GET /v1/tickets`."""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.customer import Customer
from domain.ticket import Ticket
from projections.base import ReadModel, ReadModelProjection
from projections.ticket_rows import (
    FREE_TEXT,
    LATER_EVENTS,
    PERSONAL,
    TICKET_EVENTS,
    TicketRows,
)

TABLE = "ticket_queue"


class TicketQueueView(ReadModel):
    tables = (TABLE,)
    erasable = {TABLE: PERSONAL}
    deidentifiable = {TABLE: FREE_TEXT}
    marks_erased = frozenset({TABLE})


class TicketQueue(ReadModelProjection[TicketQueueView]):
    name = TABLE
    prompt = True
    view_class = TicketQueueView
    handles = (*TICKET_EVENTS, Customer.Erased)

    def __init__(self, view: TicketQueueView) -> None:
        super().__init__(view)
        self.tickets = view.buffered(TicketRows(TABLE))

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
