"""Which events an auditor looks for first: an event class marks itself `sensitive = True`
(logins and failed logins, reads of personal details, exports, erasures, role changes)."""


def is_sensitive(event_class: type) -> bool:
    return bool(getattr(event_class, "sensitive", False))
