"""A tenant's message templates and automatic messages."""

from fastapi import APIRouter

from adapters.http.deps import ServicesDep, may
from adapters.http.reading import ReaderDep
from adapters.http.writes import WriterDep
from commands.answers import Written
from commands.message_settings import (
    AutomaticChoice,
    SetAutomaticMessages,
    SetMessageTemplate,
    TemplateName,
    TemplateText,
)
from domain.access import ADMIN
from queries.message_settings import MessageSettingsPublic, message_settings

router = APIRouter(prefix="/v1/tenant", tags=["messages"])


@router.get("/messaging", dependencies=[may(ADMIN)])
async def get_settings(read: ReaderDep, services: ServicesDep) -> MessageSettingsPublic:
    """The templates, the template each ticket event sends (null: none), and the channels the
    tenant has accounts for."""
    channels = [c.value for c in services.channels.channels_of(read.ctx.tenant_id)]
    return await read(message_settings, channels)


@router.put("/message-templates/{name}", dependencies=[may(SetMessageTemplate)])
def set_template(name: TemplateName, body: TemplateText, write: WriterDep) -> Written:
    """A template, new or changed: text with placeholders ({first_name}, {surname},
    {ticket_number}, {device}, {status}, {business}, or others a staff message fills)."""
    return write(SetMessageTemplate.from_body(body, name=name))


@router.put("/automatic-messages", dependencies=[may(SetAutomaticMessages)])
def set_automatic(body: AutomaticChoice, write: WriterDep) -> Written:
    """Which ticket events tell the customer, with which template; left out or null: none."""
    return write(SetAutomaticMessages.from_body(body))
