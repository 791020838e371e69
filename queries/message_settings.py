"""A tenant's message templates and automatic messages, as its admins set them."""

from psycopg.sql import SQL
from pydantic import BaseModel

from domain.access import ADMIN
from domain.context import RequestContext, authorize
from domain.message_templates import Trigger
from projections.message_settings.projection import MessageSettings
from projections.message_settings.tables import AUTOMATIC_MESSAGES, MESSAGE_TEMPLATES
from queries.read_models import reads
from queries.read_store import ReadStore


class TemplatePublic(BaseModel):
    text: str
    email_subject: str | None
    whatsapp_template: str | None
    whatsapp_language: str


class MessageSettingsPublic(BaseModel):
    templates: dict[str, TemplatePublic]
    automatic: dict[str, str | None]
    channels: list[str]


@reads(MessageSettings)
def message_settings(
    db: ReadStore, ctx: RequestContext, channels: list[str]
) -> MessageSettingsPublic:
    """The templates by name, the template each ticket event sends (None: none), and the
    channels given (those the tenant has accounts for)."""
    authorize(ctx, ADMIN)
    with db.transaction(commit=False) as curs:
        templates = curs.execute(
            SQL(
                "SELECT name, text, email_subject, whatsapp_template, whatsapp_language "
                'FROM {} WHERE tenant_id = %s ORDER BY name COLLATE "C"'
            ).format(MESSAGE_TEMPLATES.sql),
            (ctx.tenant_id,),
        ).fetchall()
        automatic = curs.execute(
            SQL("SELECT trigger, template FROM {} WHERE tenant_id = %s").format(
                AUTOMATIC_MESSAGES.sql
            ),
            (ctx.tenant_id,),
        ).fetchall()
    chosen = {row["trigger"]: row["template"] for row in automatic}
    return MessageSettingsPublic(
        templates={row["name"]: TemplatePublic.model_validate(row) for row in templates},
        automatic={trigger.value: chosen.get(trigger.value) for trigger in Trigger},
        channels=channels,
    )
