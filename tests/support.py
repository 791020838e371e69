"""Helpers for tests: a tenant with staff in any role, and their sign-in headers."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID, uuid4

import psycopg

from adapters.bootstrap import Services
from commands import identity
from commands.bus import send
from domain.context import RequestContext
from domain.staff import staff_id_for
from domain.tenant import tenant_id_for
from domain.values import Role

PASSWORD = "correct horse battery"


@dataclass
class TenantKit:
    services: Services
    slug: str
    admin_username: str
    staff: dict[frozenset[Role], UUID] = field(default_factory=dict)

    @property
    def id(self) -> UUID:
        return tenant_id_for(self.slug)

    @property
    def admin_id(self) -> UUID:
        return self.staff[frozenset({Role.ADMIN})]

    def ctx(self, *roles: Role, **overrides: object) -> RequestContext:
        """The context of a staff user of this tenant with these roles."""
        staff_id = self.member(*roles)
        return RequestContext(
            tenant_id=self.id,
            actor=str(staff_id),
            roles=frozenset(roles),
            **overrides,  # type: ignore[arg-type]
        )

    def member(self, *roles: Role) -> UUID:
        """A staff user with exactly these roles, registered on first use, and in the staff
        directory (unless a test stopped it) as if signed in: their token comes from
        `headers`, not a login, so no write of theirs makes their queries wait for it."""
        key = frozenset(roles)
        if key not in self.staff:
            admin = RequestContext(
                tenant_id=self.id,
                actor=str(self.admin_id),
                roles=frozenset({Role.ADMIN}),
            )
            answer = send(
                identity.RegisterStaff(
                    username=f"{self.slug}-{'-'.join(sorted(roles))}-{uuid4().hex[:4]}",
                    display_name=" ".join(r.title() for r in sorted(roles)),
                    password=PASSWORD,
                    roles=set(roles),
                ),
                admin,
                self.services.app,
            )
            self.staff[key] = answer.id
            directory = self.services.workers.projections["staff_directory"]
            if directory.running and answer.position is not None:
                position = answer.position
                wait_until(lambda: directory.consumer.position() >= position)
        return self.staff[key]

    def headers(self, *roles: Role) -> dict[str, str]:
        """Sign-in headers of a staff user with these roles (admin when none are given)."""
        staff_id = self.member(*(roles or (Role.ADMIN,)))
        token = self.services.tokens.issue(staff_id, self.id)
        return {"Authorization": f"Bearer {token}"}


def new_tenant(services: Services) -> TenantKit:
    slug = f"t-{uuid4().hex[:10]}"
    admin_username = f"{slug}-admin"
    send(
        identity.CreateTenant(
            name=f"Tenant {slug}",
            slug=slug,
            admin_username=admin_username,
            admin_password=PASSWORD,
        ),
        RequestContext.system(tenant_id_for(slug)),
        services.app,
    )
    kit = TenantKit(services, slug, admin_username)
    kit.staff[frozenset({Role.ADMIN})] = staff_id_for(admin_username)
    return kit


def event_count(services: Services) -> int:
    """How many events the store holds: to show a refused request stored nothing."""
    with psycopg.connect(services.database_url) as conn:
        row = conn.execute("SELECT count(*) FROM aftersales_events").fetchone()
    assert row is not None
    return int(row[0])


def caught_up(services: Services, seconds: float = 10) -> None:
    """Wait until every follower of the log (projections, workers) has consumed all of it."""
    services.workers.caught_up(seconds=seconds)


def wait_until(condition: Callable[[], object], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")
