"""A tenant's message templates and automatic messages."""

from fastapi import APIRouter, Response

from adapters.http.deps import ServicesDep, WriteContext, may
from adapters.http.reading import ReaderDep
from adapters.http.writes import run
from commands import message_settings as s
from commands.answers import Written
from domain.access import ADMIN
from queries.message_settings import MessageSettingsPublic, message_settings

router = APIRouter(prefix="/v1/tenant", tags=["messages"])


@router.get("/messaging", dependencies=[may(ADMIN)])
async def get_settings(read: ReaderDep, services: ServicesDep) -> MessageSettingsPublic:
    """The templates, the template each ticket event sends (null: none), and the channels the
    tenant has accounts for."""
    channels = [c.value for c in services.channels.channels_of(read.ctx.tenant_id)]
    return await read(message_settings, channels)


@router.put("/message-templates/{name}", dependencies=[may(s.SetMessageTemplate)])
def set_template(
    name: s.TemplateName,
    body: s.TemplateText,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    """A template, new or changed: text with placeholders ({first_name}, {surname},
    {ticket_number}, {device}, {status}, {business}, or others a staff message fills)."""
    return run(
        response, services, s.set_message_template, s.SetMessageTemplate, ctx, body, name=name
    )


@router.put("/automatic-messages", dependencies=[may(s.SetAutomaticMessages)])
def set_automatic(
    body: s.AutomaticChoice, ctx: WriteContext, services: ServicesDep, response: Response
) -> Written:
    """Which ticket events tell the customer, with which template; left out or null: none."""
    return run(response, services, s.set_automatic_messages, s.SetAutomaticMessages, ctx, body)
