"""A tenant's message templates and the automatic messages its admins chose."""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg.sql import SQL

from domain.tenant import Tenant
from projections.base import ReadModel, ReadModelProjection
from projections.message_settings.tables import AUTOMATIC_MESSAGES, MESSAGE_TEMPLATES, NAME, VERSION

_SET_TEMPLATE = SQL(
    "INSERT INTO {} VALUES (%s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (tenant_id, name) DO UPDATE SET text = excluded.text, "
    "email_subject = excluded.email_subject, "
    "whatsapp_template = excluded.whatsapp_template, "
    "whatsapp_language = excluded.whatsapp_language"
).format(MESSAGE_TEMPLATES.sql)
_CLEAR_AUTOMATIC = SQL("DELETE FROM {} WHERE tenant_id = %s").format(AUTOMATIC_MESSAGES.sql)
_ADD_AUTOMATIC = SQL("INSERT INTO {} VALUES (%s, %s, %s)").format(AUTOMATIC_MESSAGES.sql)


class MessageSettingsView(ReadModel):
    tables = (MESSAGE_TEMPLATES, AUTOMATIC_MESSAGES)


class MessageSettings(ReadModelProjection[MessageSettingsView]):
    name = NAME
    version = VERSION
    view_class = MessageSettingsView
    handles = (Tenant.MessageTemplateSet, Tenant.AutomaticMessagesSet)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Tenant.MessageTemplateSet, tracking: Tracking) -> None:
        self.view.cursor.execute(
            _SET_TEMPLATE,
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
        cursor.execute(_CLEAR_AUTOMATIC, (event.originator_id,))
        for trigger, template in event.templates.items():
            cursor.execute(_ADD_AUTOMATIC, (event.originator_id, trigger, template))
