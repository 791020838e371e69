"""What goes to Kafka: a topic per published aggregate type, and the events published on it.

Published: tickets, customers, staff, tenants and messages (their text, address and template
parameters as ciphertext, like every personal field). Not published: the ticket register (an
internal counter behind ticket numbers), conversations (when a customer last wrote, kept for
WhatsApp's 24 hours), a staff user's logins, failed logins and password rehashes (security records
for the audit log, not business facts), and any credential field.
"""

from collections.abc import Iterator

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.customer import Customer
from domain.message import Message
from domain.staff import StaffUser
from domain.tenant import Tenant
from domain.ticket import Ticket

TOPIC_VERSION = 1
SCHEMA_VERSION = 1

TOPICS: dict[type[Aggregate], str] = {
    Ticket: "tickets",
    Customer: "customers",
    StaffUser: "staff",
    Tenant: "tenants",
    Message: "messages",
}
UNPUBLISHED: frozenset[type[Aggregate.Event]] = frozenset(
    {
        StaffUser.LoggedIn,
        StaffUser.LoginFailed,
        StaffUser.PasswordRehashed,
        StaffUser.PasswordChanged,
        StaffUser.PasswordReset,
    }
)


def topic_name(prefix: str, aggregate: type[Aggregate]) -> str:
    """`aftersales.tickets.v1` for tickets under the prefix `aftersales`."""
    return f"{prefix}.{TOPICS[aggregate]}.v{TOPIC_VERSION}"


def topic_names(prefix: str) -> list[str]:
    return [topic_name(prefix, aggregate) for aggregate in TOPICS]


def event_type(event_class: type) -> str:
    """The name downstream sees: `Ticket.Opened`."""
    return event_class.__qualname__


def published_events() -> Iterator[tuple[type[Aggregate], type[Aggregate.Event]]]:
    """Every event class that goes to Kafka, with its aggregate."""
    for aggregate in TOPICS:
        for event in _events_of(aggregate):
            if event not in UNPUBLISHED:
                yield aggregate, event


def _events_of(aggregate: type[Aggregate]) -> list[type[Aggregate.Event]]:
    """The aggregate's nested event classes, less the bases eventsourcing adds to it."""
    events = [
        value
        for name, value in vars(aggregate).items()
        if isinstance(value, type) and issubclass(value, Aggregate.Event) and name != "Event"
    ]
    if sum(issubclass(e, Aggregate.Created) for e in events) > 1:
        events.remove(aggregate.Created)  # a base beside the aggregate's own, e.g. Ticket.Opened
    return events


def published_by_topic() -> dict[str, tuple[type[Aggregate], type[Aggregate.Event]]]:
    """The published event classes by their stored topic (`domain.ticket:Ticket.Opened`)."""
    return {get_topic(event): (aggregate, event) for aggregate, event in published_events()}
