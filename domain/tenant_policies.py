"""A tenant's policies: how long it keeps personal information, and its service targets."""

from collections.abc import Mapping
from dataclasses import dataclass

from domain.errors import InvalidValue
from domain.values import Priority

MAX_RETENTION_DAYS = 36_500


@dataclass(frozen=True)
class RetentionPolicy:
    """Days to keep customers with no open ticket and no activity, and closed tickets' free
    text; None keeps them."""

    customer_days: int | None = None
    ticket_text_days: int | None = None

    def checked(self) -> "RetentionPolicy":
        for field in ("customer_days", "ticket_text_days"):
            days = getattr(self, field)
            if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
                raise InvalidValue(field, f"from 1 to {MAX_RETENTION_DAYS} days, or null to keep")
        return self


# Hours from opening by which a ticket should be resolved, until the tenant sets its own.
DEFAULT_TARGET_HOURS: dict[Priority, int] = {
    Priority.URGENT: 24,
    Priority.HIGH: 72,
    Priority.NORMAL: 168,
    Priority.LOW: 336,
}
MAX_TARGET_HOURS = 24 * 366


def checked_target_hours(hours: Mapping[Priority, int]) -> dict[Priority, int]:
    """A resolution target for every priority, in whole hours from 1 up to a year."""
    for priority in Priority:
        given = hours.get(priority)
        if given is None or not 1 <= given <= MAX_TARGET_HOURS:
            raise InvalidValue(priority.value, f"whole hours from 1 to {MAX_TARGET_HOURS}")
    return dict(hours)
