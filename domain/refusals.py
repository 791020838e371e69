"""Why a command or query was refused, beyond the rules of the domain (not found, forbidden,
a version or request conflict)."""

from uuid import UUID


class Refused(Exception):
    """A request the service will not carry out; `code` names why for the problem response."""

    code = "refused"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(Refused):
    """No such thing in the caller's tenant (another tenant's things do not exist for it)."""

    code = "not_found"

    def __init__(self, kind: str, ident: object) -> None:
        super().__init__(f"no {kind} {ident}")


class Forbidden(Refused):
    code = "forbidden"


class VersionConflict(Refused):
    """The aggregate changed since the version the caller expected."""

    code = "version_conflict"

    def __init__(self, aggregate_id: UUID, current_version: int) -> None:
        super().__init__(f"{aggregate_id} is at version {current_version}")
        self.aggregate_id = aggregate_id
        self.current_version = current_version


class IdempotencyKeyReused(Refused):
    """The same Idempotency-Key came with a different request."""

    code = "idempotency_key_reused"


class Conflict(Refused):
    """The request clashes with what exists (a username taken, a tenant slug in use)."""

    code = "conflict"

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


class NotAuthentic(Refused):
    """A provider's callback whose signature or secret does not match: nothing of it is used."""

    code = "invalid_signature"
