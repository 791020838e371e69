"""Who is asking, for which tenant, under which request: the context every command and query
runs in, and the check of the caller's roles."""

import re
from dataclasses import dataclass, field
from uuid import UUID, uuid4

from domain.refusals import Forbidden
from domain.values import Role

SYSTEM = "system"
ANONYMOUS = "anonymous"
# A request id is stored in every event and log line: a short token of safe characters, no more.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def new_request_id() -> str:
    return uuid4().hex


def request_id_or_new(given: str | None) -> str:
    """The client's request id when it is a short token of safe characters, else a new one."""
    return given if given is not None and REQUEST_ID.fullmatch(given) else new_request_id()


@dataclass(frozen=True)
class Idempotency:
    """Keyed digests of a client's Idempotency-Key and of the request it was sent with: what the
    answer is kept and found under, never the key itself."""

    key: str
    fingerprint: str


@dataclass(frozen=True)
class RequestContext:
    """The caller (a staff id, `system`, `customer`...), its tenant and roles, and the request."""

    tenant_id: UUID
    actor: str
    roles: frozenset[Role] = frozenset()
    request_id: str = field(default_factory=new_request_id)
    expected_version: int | None = None
    idempotency: Idempotency | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        if not REQUEST_ID.fullmatch(self.request_id):
            raise ValueError("a request id is 1 to 64 letters, digits, '.', '_' or '-'")

    @classmethod
    def system(cls, tenant_id: UUID, request_id: str | None = None) -> "RequestContext":
        """The context of work the service does on its own (retention, scheduled jobs)."""
        return cls(tenant_id=tenant_id, actor=SYSTEM, request_id=request_id or new_request_id())

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
