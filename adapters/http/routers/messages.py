"""Messages to a ticket's customer, and customers' messages waiting for a ticket (triage)."""

from uuid import UUID

from fastapi import APIRouter, Response

from adapters.http.deps import QueryContext, ServicesDep, WriteContext, may
from adapters.http.freshness import reads
from adapters.http.routers.staff import Limit
from adapters.http.writes import run
from commands import messages as m
from commands.answers import Written
from domain.access import DESK
from projections.ticket_detail.projection import TicketDetail
from queries.messages import TriagePublic, triage
from queries.pages import DEFAULT_LIMIT, Cursor, Page

router = APIRouter(prefix="/v1", tags=["messages"])


@router.post(
    "/tickets/{ticket_id}/messages",
    status_code=202,
    responses={409: {"description": "no_consent, processing_restricted, erased, ..."}},
    dependencies=[may(m.SendMessage)],
)
def send_message(
    ticket_id: UUID,
    body: m.MessageRequest,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    """Queue a message to the ticket's customer; it goes shortly, and its delivery shows on the
    ticket. Refused (409, nothing queued) without the customer's consent on the channel
    (`no_consent`), after an objection (`processing_restricted`) or erasure (`erased`), for
    WhatsApp free text outside 24 hours of the customer's last WhatsApp message
    (`whatsapp_window_closed`), or on a channel the tenant has no account for
    (`channel_not_configured`)."""
    channels = tuple(services.channels.channels_of(ctx.tenant_id))
    return run(
        response,
        services,
        m.send_message,
        m.SendMessage,
        ctx,
        body,
        ticket_id=ticket_id,
        channels=channels,
    )


@router.get("/messages/triage", dependencies=[may(DESK), reads(TicketDetail)])
def list_triage(
    ctx: QueryContext,
    services: ServicesDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[TriagePublic]:
    """Customers' messages on no ticket yet, oldest first."""
    return triage(services.datastore, ctx, limit, cursor)


@router.post("/messages/{message_id}/assignment", dependencies=[may(m.AssignMessage)])
def assign_message(
    message_id: UUID,
    body: m.TicketChoice,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    """Put a customer's message on a ticket; it leaves the triage list."""
    return run(
        response, services, m.assign_message, m.AssignMessage, ctx, body, message_id=message_id
    )
