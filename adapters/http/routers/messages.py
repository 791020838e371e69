"""Messages to a ticket's customer, and customers' messages waiting for a ticket (triage)."""

from uuid import UUID

from fastapi import APIRouter

from adapters.http.deps import ServicesDep, may
from adapters.http.reading import ReaderDep
from adapters.http.routers.staff import Limit
from adapters.http.writes import WriterDep
from commands.answers import Written
from commands.messages import AssignMessage, MessageRequest, SendMessage, TicketChoice
from domain.access import DESK
from queries.messages import TriagePublic, triage
from queries.pages import DEFAULT_LIMIT, Cursor, Page
from queries.ticket_messaging import TicketMessagingPublic, ticket_messaging

router = APIRouter(prefix="/v1", tags=["messages"])


@router.post(
    "/tickets/{ticket_id}/messages",
    status_code=202,
    responses={409: {"description": "no_consent, processing_restricted, erased, ..."}},
    dependencies=[may(SendMessage)],
)
def send_message(
    ticket_id: UUID, body: MessageRequest, write: WriterDep, services: ServicesDep
) -> Written:
    """Queue a message to the ticket's customer; it goes shortly, and its delivery shows on the
    ticket. Refused (409, nothing queued) without the customer's consent on the channel
    (`no_consent`), after an objection (`processing_restricted`) or erasure (`erased`), for
    WhatsApp free text outside 24 hours of the customer's last WhatsApp message
    (`whatsapp_window_closed`), or on a channel the tenant has no account for
    (`channel_not_configured`)."""
    channels = tuple(services.channels.channels_of(write.ctx.tenant_id))
    return write(SendMessage.from_body(body, ticket_id=ticket_id, channels=channels))


@router.get("/tickets/{ticket_id}/messaging", dependencies=[may(DESK)])
async def get_ticket_messaging(
    ticket_id: UUID, read: ReaderDep, services: ServicesDep
) -> TicketMessagingPublic:
    """What the ticket's customer may be sent now: the channels they consented to (and whether
    the tenant has an account on each), WhatsApp's 24-hour window, and the templates with the
    parameters each asks for."""
    channels = services.channels.channels_of(read.ctx.tenant_id)
    return await read(ticket_messaging, services.app, ticket_id, channels)


@router.get("/messages/triage", dependencies=[may(DESK)])
async def list_triage(
    read: ReaderDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[TriagePublic]:
    """Customers' messages on no ticket yet, oldest first."""
    return await read(triage, limit, cursor)


@router.post("/messages/{message_id}/assignment", dependencies=[may(AssignMessage)])
def assign_message(message_id: UUID, body: TicketChoice, write: WriterDep) -> Written:
    """Put a customer's message on a ticket; it leaves the triage list."""
    return write(AssignMessage.from_body(body, message_id=message_id))
