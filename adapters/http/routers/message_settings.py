"""A tenant's message templates and automatic messages."""

from fastapi import APIRouter

from adapters.bootstrap import Services
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
from domain.context import RequestContext
from queries.message_settings import (
    MessageSettingsPublic,
    WarningPublic,
    message_settings,
    unsent,
)

router = APIRouter(prefix="/v1/tenant", tags=["messages"])


class AutomaticMessagesSet(Written):
    """The choice made, and a warning when it will send nothing."""

    warnings: list[WarningPublic]


def channels_of(services: Services, ctx: RequestContext) -> list[str]:
    """The channels the caller's tenant has accounts for."""
    return [c.value for c in services.channels.channels_of(ctx.tenant_id)]


def automatic_set(
    services: Services, ctx: RequestContext, choice: AutomaticChoice, answer: Written
) -> AutomaticMessagesSet:
    """The answer to a choice of automatic messages: with `no_channel_accounts` when the
    tenant has no channel to send them on."""
    warnings = unsent(choice.model_dump(), channels_of(services, ctx))
    return AutomaticMessagesSet(**answer.model_dump(), warnings=warnings)


@router.get("/messaging", dependencies=[may(ADMIN)])
async def get_settings(read: ReaderDep, services: ServicesDep) -> MessageSettingsPublic:
    """The templates, the template each ticket event sends (null: none), the channels the
    tenant has accounts for, and warnings (`no_channel_accounts`: automatic messages are on
    but nothing can send them)."""
    return await read(message_settings, channels_of(services, read.ctx))


@router.put("/message-templates/{name}", dependencies=[may(SetMessageTemplate)])
def set_template(name: TemplateName, body: TemplateText, write: WriterDep) -> Written:
    """A template, new or changed: text with placeholders ({first_name}, {surname},
    {ticket_number}, {device}, {status}, {business}, {status_link}, or others a staff message
    fills)."""
    return write(SetMessageTemplate.from_body(body, name=name))


@router.put("/automatic-messages", dependencies=[may(SetAutomaticMessages)])
def set_automatic(
    body: AutomaticChoice, write: WriterDep, services: ServicesDep
) -> AutomaticMessagesSet:
    """Which ticket events tell the customer, with which template; left out or null: none.
    Set for a tenant with no channel account, it answers the warning `no_channel_accounts`."""
    return automatic_set(services, write.ctx, body, write(SetAutomaticMessages.from_body(body)))
