"""What a desk may send a ticket's customer now: the channels they consented to, WhatsApp's
24-hour window (commands/outreach.py holds the same rules when a message is sent), and the
tenant's templates with the parameters each asks for."""

from datetime import UTC, datetime
from uuid import UUID

from psycopg.sql import SQL
from pydantic import BaseModel

from domain.access import DESK
from domain.context import RequestContext, authorize
from domain.message_templates import FILLED_BY_SERVICE, PLACEHOLDER
from domain.outreach import WINDOW, Conversation, conversation_id_for
from domain.refusals import NotFound
from domain.values import ContactChannel
from projections.customer_directory.projection import CustomerDirectory
from projections.customer_directory.tables import CUSTOMER_DIRECTORY
from projections.message_settings.projection import MessageSettings
from projections.message_settings.tables import MESSAGE_TEMPLATES
from projections.ticket_detail.projection import TicketDetail
from projections.ticket_detail.tables import TICKET_DETAILS
from queries.event_store import StoredEvents
from queries.read_models import reads
from queries.read_store import ReadStore


class ChannelPublic(BaseModel):
    """A channel the customer consented to, with their address on it on record. `configured`:
    the tenant has an account on it (without one nothing goes); `free_text`: false for WhatsApp
    outside its window, where only an approved template goes; `window_closes_at`: WhatsApp's,
    24 hours after the customer's last message there (null: they never wrote)."""

    channel: ContactChannel
    configured: bool
    free_text: bool
    window_closes_at: datetime | None = None


class TemplateChoicePublic(BaseModel):
    """A template: `parameters` are the placeholders the sender fills (the others the service
    does); `whatsapp`: it mirrors an approved WhatsApp template, so it goes outside the window."""

    name: str
    text: str
    parameters: list[str]
    whatsapp: bool


class TicketMessagingPublic(BaseModel):
    """`blocked`: why no message goes at all (`erased`, `processing_restricted`), with no
    channels then."""

    blocked: str | None
    channels: list[ChannelPublic]
    templates: list[TemplateChoicePublic]


_CUSTOMER = SQL(
    "SELECT c.customer_id, c.consents, c.restricted, c.erased, c.phone IS NOT NULL AS phone, "
    "c.email IS NOT NULL AS email FROM {details} t JOIN {customers} c USING (customer_id) "
    "WHERE t.ticket_id = %s AND t.tenant_id = %s AND c.tenant_id = t.tenant_id"
).format(details=TICKET_DETAILS.sql, customers=CUSTOMER_DIRECTORY.sql)
_TEMPLATES = SQL(
    "SELECT name, text, email_subject, whatsapp_template FROM {} WHERE tenant_id = %s "
    'ORDER BY name COLLATE "C"'
).format(MESSAGE_TEMPLATES.sql)


@reads(TicketDetail, CustomerDirectory, MessageSettings)
def ticket_messaging(
    db: ReadStore,
    ctx: RequestContext,
    app: StoredEvents,
    ticket_id: UUID,
    configured: tuple[ContactChannel, ...],
) -> TicketMessagingPublic:
    """The ticket's customer's channels, given those the tenant has accounts for."""
    authorize(ctx, DESK)
    with db.transaction(commit=False) as curs:
        customer = curs.execute(_CUSTOMER, (ticket_id, ctx.tenant_id)).fetchone()
        if customer is None:
            raise NotFound("ticket", ticket_id)
        templates = curs.execute(_TEMPLATES, (ctx.tenant_id,)).fetchall()
    choices = [
        TemplateChoicePublic(
            name=row["name"],
            text=row["text"],
            parameters=_given(row["text"], row["email_subject"]),
            whatsapp=row["whatsapp_template"] is not None,
        )
        for row in templates
    ]
    blocked = "erased" if customer["erased"] else None
    blocked = blocked or ("processing_restricted" if customer["restricted"] else None)
    if blocked:
        return TicketMessagingPublic(blocked=blocked, channels=[], templates=choices)
    consents = customer["consents"]
    channels = [
        _channel(app, ctx, customer["customer_id"], channel, channel in configured)
        for channel in ContactChannel
        if consents.get(channel.value, {}).get("granted")
        and customer["email" if channel is ContactChannel.EMAIL else "phone"]
    ]
    return TicketMessagingPublic(blocked=None, channels=channels, templates=choices)


def _channel(
    app: StoredEvents,
    ctx: RequestContext,
    customer_id: UUID,
    channel: ContactChannel,
    configured: bool,
) -> ChannelPublic:
    if channel is not ContactChannel.WHATSAPP:
        return ChannelPublic(channel=channel, configured=configured, free_text=True)
    try:
        conversation = app.load(Conversation, conversation_id_for(customer_id, channel), ctx)
    except NotFound:
        return ChannelPublic(channel=channel, configured=configured, free_text=False)
    last = conversation.last_inbound_at
    closes = last + WINDOW if last is not None else None
    open_now = conversation.open_at(datetime.now(UTC))
    return ChannelPublic(
        channel=channel, configured=configured, free_text=open_now, window_closes_at=closes
    )


def _given(text: str, subject: str | None) -> list[str]:
    """The placeholders of a template the sender fills, each once, in order."""
    found = PLACEHOLDER.findall(text) + PLACEHOLDER.findall(subject or "")
    return [name for name in dict.fromkeys(found) if name not in FILLED_BY_SERVICE]
