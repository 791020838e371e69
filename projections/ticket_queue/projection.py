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
    TICKET_COLUMNS,
    TICKET_EVENTS,
    TicketRows,
)

TABLE = "ticket_queue"


class TicketQueueView(ReadModel):
    tables = (TABLE,)
    erasable = {TABLE: PERSONAL}
    deidentifiable = {TABLE: FREE_TEXT}
    marks_erased = frozenset({TABLE})
    ddl = (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"""
        CREATE TABLE IF NOT EXISTS {TABLE} ({TICKET_COLUMNS},
            search text GENERATED ALWAYS AS (
                lower(number || ' ' || serial_number || ' ' || coalesce(fault_description, ''))
            ) STORED
        ) WITH (fillfactor = 80)
        """,
        f"CREATE INDEX IF NOT EXISTS {TABLE}_newest ON {TABLE} (tenant_id, opened_at, ticket_id)",
        *(
            f"CREATE INDEX IF NOT EXISTS {TABLE}_{column} "
            f"ON {TABLE} (tenant_id, {column}, opened_at, ticket_id)"
            for column in ("status", "assignee_id", "customer_id", "serial_number")
        ),
        f"CREATE INDEX IF NOT EXISTS {TABLE}_search ON {TABLE} USING gin (search gin_trgm_ops)",
    )


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
