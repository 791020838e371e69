"""A tenant's message templates: text with placeholders, and the approved WhatsApp template
each mirrors.

Placeholders are names in braces, `{first_name}`. The service fills `first_name`, `surname`,
`ticket_number`, `device`, `status`, `business` and `status_link` (the ticket's status page); a
staff message may give others as parameters. The approved WhatsApp template takes the values as
its numbered parameters (`{{1}}`, `{{2}}`, ...) in the order the placeholders appear in the text.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import InvalidValue
from domain.message_values import Content

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]{0,39})\}")
TEMPLATE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
FILLED_BY_SERVICE = frozenset(
    {"first_name", "surname", "ticket_number", "device", "status", "business", "status_link"}
)


class Trigger(StrEnum):
    """The ticket events on which a tenant may have the customer told automatically."""

    OPENED = "opened"
    READY_FOR_COLLECTION = "ready_for_collection"
    CLOSED = "closed"


@dataclass(frozen=True)
class MessageTemplate:
    text: str
    email_subject: str | None = None
    whatsapp_template: str | None = None
    whatsapp_language: str = "en"

    def placeholders(self) -> list[str]:
        """The placeholders of the text, in order of appearance (repeats included)."""
        return PLACEHOLDER.findall(self.text)

    def render(self, values: Mapping[str, str]) -> Content:
        """The message with every placeholder filled; 422 naming a placeholder with no value."""
        needed = self.placeholders() + PLACEHOLDER.findall(self.email_subject or "")
        for name in needed:
            if name not in values:
                raise InvalidValue(f"parameters.{name}", "the template needs this parameter")

        def fill(text: str) -> str:
            return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)

        return Content(
            body=fill(self.text),
            subject=fill(self.email_subject) if self.email_subject else None,
            template=self.whatsapp_template,
            language=self.whatsapp_language if self.whatsapp_template else None,
            parameters=tuple(values[name] for name in self.placeholders()),
        )


def template_name(raw: str) -> str:
    if not TEMPLATE_NAME.fullmatch(raw):
        raise InvalidValue("name", "1 to 40 lower-case letters, digits, _ or -")
    return raw
