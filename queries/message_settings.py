"""A tenant's message templates and automatic messages, as its admins set them."""

from pydantic import BaseModel

from domain.access import ADMIN
from domain.context import RequestContext, authorize
from domain.message_templates import Trigger
from domain.tenant import Tenant
from queries.event_store import StoredEvents


class TemplatePublic(BaseModel):
    text: str
    email_subject: str | None
    whatsapp_template: str | None
    whatsapp_language: str


class MessageSettingsPublic(BaseModel):
    templates: dict[str, TemplatePublic]
    automatic: dict[str, str | None]
    channels: list[str]


def message_settings(
    app: StoredEvents, ctx: RequestContext, channels: list[str]
) -> MessageSettingsPublic:
    """Read from the tenant itself (a few small settings; no read model keeps them)."""
    authorize(ctx, ADMIN)
    tenant = app.load(Tenant, ctx.tenant_id, ctx)
    return MessageSettingsPublic(
        templates={
            name: TemplatePublic.model_validate(t, from_attributes=True)
            for name, t in sorted(tenant.templates.items())
        },
        automatic={trigger.value: tenant.automatic.get(trigger) for trigger in Trigger},
        channels=channels,
    )
