"""A ticket's status link revoked by staff: the old link stops working, a new one replaces it."""

from uuid import UUID

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from domain.access import DESK
from domain.context import RequestContext
from domain.ticket import Ticket


class RevokedStatusLink(Written):
    """The new link's generation: the link itself is derived as it is shown, never kept (an
    answer kept for a retry would hold a live link)."""

    generation: int


class RevokeStatusLink(Command[RevokedStatusLink]):
    may = DESK
    ticket_id: UUID


@handler
def revoke_status_link(
    cmd: RevokeStatusLink, ctx: RequestContext, app: Aftersales
) -> RevokedStatusLink:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.revoke_status_link()
    generation = ticket.status_link_generation
    revoked = RevokedStatusLink(id=ticket.id, version=ticket.version, generation=generation)
    return app.commit(ctx, ticket, answer=revoked)
