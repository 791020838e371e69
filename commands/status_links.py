"""A ticket's status link revoked by staff: the old link stops working, a new one replaces it."""

from uuid import UUID

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.outreach import status_link
from domain.access import DESK
from domain.context import RequestContext
from domain.ticket import Ticket


class RevokedStatusLink(Written):
    url: str  # the ticket's new link, for staff to send the customer


class RevokeStatusLink(Command[RevokedStatusLink]):
    may = DESK
    ticket_id: UUID


@handler
def revoke_status_link(
    cmd: RevokeStatusLink, ctx: RequestContext, app: Aftersales
) -> RevokedStatusLink:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.revoke_status_link()
    revoked = RevokedStatusLink(id=ticket.id, version=ticket.version, url=status_link(app, ticket))
    return app.commit(ctx, ticket, answer=revoked)
