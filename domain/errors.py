"""Domain errors: each names the rule it enforces with a machine-readable code."""


class DomainError(Exception):
    """A rule of the business forbids the change."""

    code = "domain_rule"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidTransition(DomainError):
    code = "invalid_transition"


class TicketClosed(DomainError):
    code = "ticket_closed"


class InvalidValue(DomainError, ValueError):
    """A value that cannot be what it claims to be (a phone, an email, a serial)."""

    code = "invalid_value"

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field


class StaffInactive(DomainError):
    code = "staff_inactive"


class PersonalDataErased(DomainError):
    """The person's information is erased: nothing new about them can be recorded."""

    code = "erased"


class CustomerMerged(DomainError):
    """The record was merged into another (its survivor): it is kept, read-only."""

    code = "customer_merged"


class LegalHoldInForce(DomainError):
    """A legal hold keeps the customer's information from erasure and retention."""

    code = "legal_hold"
