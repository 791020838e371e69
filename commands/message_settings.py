"""A tenant's message templates, and which ticket events tell the customer automatically."""

from typing import Annotated

from pydantic import StringConstraints

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from domain.access import ADMIN
from domain.context import RequestContext
from domain.fields import Label, Text
from domain.message_templates import MessageTemplate, Trigger
from domain.tenant import Tenant

TemplateName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
MetaTemplateName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,512}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")]


class TemplateText(Body):
    """`text` with placeholders such as {first_name}; `whatsapp_template` names the approved
    WhatsApp template whose numbered parameters take the placeholders' values in order."""

    text: Text
    email_subject: Label | None = None
    whatsapp_template: MetaTemplateName | None = None
    whatsapp_language: Language = "en"


class SetMessageTemplate(TemplateText, Command[Written]):
    may = ADMIN
    name: TemplateName


@handler
def set_message_template(cmd: SetMessageTemplate, ctx: RequestContext, app: Aftersales) -> Written:
    tenant = app.load_for_change(Tenant, ctx.tenant_id, ctx)
    template = MessageTemplate(
        cmd.text, cmd.email_subject, cmd.whatsapp_template, cmd.whatsapp_language
    )
    tenant.set_template(cmd.name, template)
    return app.commit(ctx, tenant)


class AutomaticChoice(Body):
    """The template each ticket event sends the customer; null (or left out): no message."""

    opened: TemplateName | None = None
    ready_for_collection: TemplateName | None = None
    closed: TemplateName | None = None


class SetAutomaticMessages(AutomaticChoice, Command[Written]):
    may = ADMIN


@handler
def set_automatic_messages(
    cmd: SetAutomaticMessages, ctx: RequestContext, app: Aftersales
) -> Written:
    tenant = app.load_for_change(Tenant, ctx.tenant_id, ctx)
    chosen = {t: name for t in Trigger if (name := getattr(cmd, t.value)) is not None}
    tenant.set_automatic_messages(chosen)
    return app.commit(ctx, tenant)
