"""A tenant's message templates and the automatic messages its admins chose."""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.tenant import Tenant
from projections.base import ReadModel, ReadModelProjection

TEMPLATES = "message_templates"
AUTOMATIC = "automatic_messages"


class MessageSettingsView(ReadModel):
    tables = (TEMPLATES, AUTOMATIC)


class MessageSettings(ReadModelProjection[MessageSettingsView]):
    name = "message_settings"
    view_class = MessageSettingsView
    handles = (Tenant.MessageTemplateSet, Tenant.AutomaticMessagesSet)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Tenant.MessageTemplateSet, tracking: Tracking) -> None:
        self.view.cursor.execute(
            f"INSERT INTO {TEMPLATES} VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (tenant_id, name) DO UPDATE SET text = excluded.text, "
            "email_subject = excluded.email_subject, "
            "whatsapp_template = excluded.whatsapp_template, "
            "whatsapp_language = excluded.whatsapp_language",
            (
                event.originator_id,
                event.name,
                event.text,
                event.email_subject,
                event.whatsapp_template,
                event.whatsapp_language,
            ),
        )

    @process_event.register
    def _(self, event: Tenant.AutomaticMessagesSet, tracking: Tracking) -> None:
        """The whole choice at once: triggers left out send nothing."""
        cursor = self.view.cursor
        cursor.execute(f"DELETE FROM {AUTOMATIC} WHERE tenant_id = %s", (event.originator_id,))
        for trigger, template in event.templates.items():
            cursor.execute(
                f"INSERT INTO {AUTOMATIC} VALUES (%s, %s, %s)",
                (event.originator_id, trigger, template),
            )
