"""Tickets' status links: each ticket's link by the keyed digest of its token (never the token),
with what its public page shows (number, make and model, status, public steps, when it finished)
and the log position that last changed it (its quote's moves and its rating too, which the page
reads from the ticket itself); and each tenant's shop as its customers see it.

Nothing here is personal: the page shows no name, contact, serial, fault or note. The digests
are made with the server's status-link secret, so changing the secret means rebuilding this.
"""

import json
from datetime import datetime
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg.sql import SQL

from domain.status_link import STEP_OF, StatusLinkKeys
from domain.tenant import Tenant
from domain.ticket import Ticket
from domain.ticket_status import TicketStatus
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.status_links.tables import NAME, STATUS_LINK_SHOPS, STATUS_LINKS, VERSION

_OPEN = SQL(
    "INSERT INTO {} (ticket_id, tenant_id, lookup, generation, number, make, model, status, "
    "steps, finished_at, position) VALUES (%s, %s, %s, 0, %s, %s, %s, %s, %s, NULL, %s) "
    "ON CONFLICT (ticket_id) DO NOTHING"
).format(STATUS_LINKS.sql)
# A step is added when the public step changes (a move between two statuses of one step adds
# none); the time is when the ticket reached it.
_MOVE = SQL(
    "UPDATE {} SET status = %(status)s, finished_at = %(finished_at)s, position = %(position)s, "
    "steps = CASE WHEN steps -> -1 ->> 'step' = %(step)s THEN steps "
    "ELSE steps || jsonb_build_array(jsonb_build_object('step', %(step)s::text, "
    "'at', %(at)s::text)) END WHERE ticket_id = %(ticket_id)s"
).format(STATUS_LINKS.sql)
_CORRECT = SQL(
    "UPDATE {} SET make = coalesce(%s, make), model = coalesce(%s, model), position = %s "
    "WHERE ticket_id = %s"
).format(STATUS_LINKS.sql)
_REVOKE = SQL(
    "UPDATE {} SET lookup = %s, generation = %s, position = %s WHERE ticket_id = %s"
).format(STATUS_LINKS.sql)
_TOUCH = SQL("UPDATE {} SET position = %s WHERE ticket_id = %s").format(STATUS_LINKS.sql)
_SHOP_NAMED = SQL(
    "INSERT INTO {} (tenant_id, name, hours) VALUES (%s, %s, '{{}}') "
    "ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name"
).format(STATUS_LINK_SHOPS.sql)
_SHOP_DETAILS = SQL(
    "UPDATE {} SET phone = %s, email = %s, address = %s, hours = %s WHERE tenant_id = %s"
).format(STATUS_LINK_SHOPS.sql)


class StatusLinksView(ReadModel):
    tables = (STATUS_LINKS, STATUS_LINK_SHOPS)
    keys: StatusLinkKeys | None = None  # given by the composition root

    @property
    def link_keys(self) -> StatusLinkKeys:
        if self.keys is None:
            raise RuntimeError("the status links' view was made without the status-link secret")
        return self.keys


class StatusLinks(ReadModelProjection[StatusLinksView]):
    name = NAME
    version = VERSION
    view_class = StatusLinksView
    prompt = True  # a customer watching the page sees a move as staff make it
    handles = (
        Ticket.Opened,
        Ticket.DetailsCorrected,
        Ticket.StatusChanged,
        Ticket.Closed,
        Ticket.Reopened,
        Ticket.StatusLinkRevoked,
        Ticket.QuoteDrafted,
        Ticket.QuoteSent,
        Ticket.QuoteApproved,
        Ticket.QuoteDeclined,
        Ticket.SatisfactionRated,
        Tenant.Created,
        Tenant.ShopDetailsSet,
    )

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Ticket.Opened, tracking: Tracking) -> None:
        step = STEP_OF[TicketStatus.NEW]
        self.view.cursor.execute(
            _OPEN,
            (
                event.originator_id,
                event.tenant_id,
                self._lookup(event.tenant_id, event.originator_id, 0),
                event.number,
                event.make,
                event.model,
                TicketStatus.NEW.value,
                json.dumps([{"step": step.value, "at": event.timestamp.isoformat()}]),
                tracking.notification_id,
            ),
        )

    @process_event.register
    def _(self, event: Ticket.DetailsCorrected, tracking: Tracking) -> None:
        make = event.make if "make" in event.corrected else None
        model = event.model if "model" in event.corrected else None
        if make or model:
            position = tracking.notification_id
            self.view.cursor.execute(_CORRECT, (make, model, position, event.originator_id))

    @process_event.register(Ticket.StatusChanged)
    @process_event.register(Ticket.Closed)
    @process_event.register(Ticket.Reopened)
    def _(self, event: Any, tracking: Tracking) -> None:
        if isinstance(event, Ticket.Closed):
            status = TicketStatus.CLOSED
        elif isinstance(event, Ticket.Reopened):
            status = TicketStatus.NEW
        else:
            status = TicketStatus(event.status)
        finished = status in (TicketStatus.CLOSED, TicketStatus.CANCELLED)
        self._move(event, tracking, status, event.timestamp if finished else None)

    @process_event.register
    def _(self, event: Ticket.StatusLinkRevoked, tracking: Tracking) -> None:
        tenant_id = context_of(event).tenant_id
        lookup = self._lookup(tenant_id, event.originator_id, event.generation)
        changes = (lookup, event.generation, tracking.notification_id, event.originator_id)
        self.view.cursor.execute(_REVOKE, changes)

    @process_event.register(Ticket.QuoteDrafted)
    @process_event.register(Ticket.QuoteSent)
    @process_event.register(Ticket.QuoteApproved)
    @process_event.register(Ticket.QuoteDeclined)
    @process_event.register(Ticket.SatisfactionRated)
    def _(self, event: Any, tracking: Tracking) -> None:
        """The customer's side of the page changed (its quote, its rating): it reloads."""
        self.view.cursor.execute(_TOUCH, (tracking.notification_id, event.originator_id))

    @process_event.register
    def _(self, event: Tenant.Created, tracking: Tracking) -> None:
        self.view.cursor.execute(_SHOP_NAMED, (event.originator_id, event.name))

    @process_event.register
    def _(self, event: Tenant.ShopDetailsSet, tracking: Tracking) -> None:
        details = (event.phone, event.email, event.address, json.dumps(event.hours))
        self.view.cursor.execute(_SHOP_DETAILS, (*details, event.originator_id))

    def _move(
        self, event: Any, tracking: Tracking, status: TicketStatus, finished_at: datetime | None
    ) -> None:
        move = {
            "ticket_id": event.originator_id,
            "status": status.value,
            "step": STEP_OF[status].value,
            "at": event.timestamp.isoformat(),
            "finished_at": finished_at,
            "position": tracking.notification_id,
        }
        self.view.cursor.execute(_MOVE, move)

    def _lookup(self, tenant_id: Any, ticket_id: Any, generation: int) -> bytes:
        keys = self.view.link_keys
        return keys.lookup(keys.token(tenant_id, ticket_id, generation))
