"""Messages to a ticket's customer from its page: what may be sent now (the API's query), the
WhatsApp window as the time left in it, and the tenant's channels the command is given (as the
API's route gives them)."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from adapters.web.desk import Desk
from commands.messages import SendMessage
from queries.ticket_messaging import TicketMessagingPublic, ticket_messaging


def accounts(desk: Desk) -> dict[str, Any]:
    """What the service adds to a message the desk sends: the channels the tenant has accounts
    for (the service's word, not the form's)."""
    return {"channels": desk.services.channels.channels_of(desk.ctx.tenant_id)}


async def messaging_of(desk: Desk, ticket_id: UUID) -> TicketMessagingPublic | None:
    """What the ticket's customer may be sent now; None for a user who may send nothing."""
    if not desk.may(SendMessage):
        return None
    channels = accounts(desk)["channels"]
    return await desk.read(ticket_messaging, desk.services.app, ticket_id, channels)


def time_left(closes_at: datetime | None) -> str | None:
    """The time until the window closes, as `3 h 12 min`; None once it has closed."""
    if closes_at is None:
        return None
    minutes = int((closes_at - datetime.now(UTC)).total_seconds() // 60)
    if minutes < 1:
        return None if minutes < 0 else "under a minute"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"
