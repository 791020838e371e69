"""A tenant's message templates and automatic messages, as its admins set them."""

from collections.abc import Mapping, Sequence

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


class WarningPublic(BaseModel):
    """Something done as asked that will not have the effect one would expect."""

    code: str
    detail: str


class MessageSettingsPublic(BaseModel):
    templates: dict[str, TemplatePublic]
    automatic: dict[str, str | None]
    channels: list[str]
    warnings: list[WarningPublic]


def unsent(automatic: Mapping[str, str | None], channels: Sequence[str]) -> list[WarningPublic]:
    """Automatic messages on for a tenant with no channel account send nothing: say so."""
    if channels or not any(automatic.values()):
        return []
    on = ", ".join(trigger for trigger, template in automatic.items() if template)
    detail = (
        f"automatic messages are on ({on}), but this tenant has no channel account "
        "(WhatsApp, SMS or email): nothing will be sent until the operator adds one"
    )
    return [WarningPublic(code="no_channel_accounts", detail=detail)]


@reads(MessageSettings)
def message_settings(
    db: ReadStore, ctx: RequestContext, channels: list[str]
) -> MessageSettingsPublic:
    """The templates by name, the template each ticket event sends (None: none), the channels
    given (those the tenant has accounts for), and a warning when that sends nothing."""
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
    on = {trigger.value: chosen.get(trigger.value) for trigger in Trigger}
    return MessageSettingsPublic(
        templates={row["name"]: TemplatePublic.model_validate(row) for row in templates},
        automatic=on,
        channels=channels,
        warnings=unsent(on, channels),
    )
