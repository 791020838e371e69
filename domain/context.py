"""Who is asking, for which tenant, under which request: the context every command and query
runs in, and the check of the caller's roles."""

from dataclasses import dataclass, field
from uuid import UUID, uuid4

from domain.refusals import Forbidden
from domain.values import Role

SYSTEM = "system"
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Idempotency:
    """A client's Idempotency-Key and the fingerprint of the request it was sent with."""

    key: str
    fingerprint: str


@dataclass(frozen=True)
class RequestContext:
    """The caller (a staff id, `system`, `customer`...), its tenant and roles, and the request."""

    tenant_id: UUID
    actor: str
    roles: frozenset[Role] = frozenset()
    request_id: str = field(default_factory=lambda: uuid4().hex)
    expected_version: int | None = None
    idempotency: Idempotency | None = None
    source: str | None = None

    @classmethod
    def system(cls, tenant_id: UUID, request_id: str | None = None) -> "RequestContext":
        """The context of work the service does on its own (retention, scheduled jobs)."""
        return cls(tenant_id=tenant_id, actor=SYSTEM, request_id=request_id or uuid4().hex)

    @property
    def staff_id(self) -> UUID | None:
        try:
            return UUID(self.actor)
        except ValueError:
            return None

    def metadata(self) -> dict[str, str]:
        """What every event saved in this context carries: tenant, actor and request."""
        return {
            "tenant_id": str(self.tenant_id),
            "actor": self.actor,
            "request_id": self.request_id,
        }


def authorize(ctx: RequestContext, roles: frozenset[Role]) -> None:
    """Staff need one of the roles; the service itself (`system`) may do anything."""
    if ctx.actor != SYSTEM and not ctx.roles & roles:
        allowed = ", ".join(sorted(roles))
        raise Forbidden(f"this needs one of the roles: {allowed}")
