"""What retention finds expired, from the retention read model; and a tenant's policy."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore
from pydantic import BaseModel

from domain.access import EXPORTERS
from domain.context import RequestContext, authorize
from domain.tenant import Tenant
from queries.event_store import StoredEvents


@dataclass(frozen=True)
class TenantPolicy:
    tenant_id: UUID
    customer_days: int | None
    ticket_text_days: int | None


class RetentionPolicyPublic(BaseModel):
    """Days to keep customers with no open ticket and no activity, and the free text of closed
    tickets; null keeps them."""

    customer_days: int | None = None
    ticket_text_days: int | None = None


def retention_policy(app: StoredEvents, ctx: RequestContext) -> RetentionPolicyPublic:
    authorize(ctx, EXPORTERS)
    policy = app.load(Tenant, ctx.tenant_id, ctx).retention
    return RetentionPolicyPublic(
        customer_days=policy.customer_days, ticket_text_days=policy.ticket_text_days
    )


def policies(db: PostgresDatastore) -> list[TenantPolicy]:
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            "SELECT tenant_id, customer_days, ticket_text_days FROM retention_policies "
            "WHERE customer_days IS NOT NULL OR ticket_text_days IS NOT NULL ORDER BY tenant_id"
        ).fetchall()
    return [TenantPolicy(**row) for row in rows]


def expired_customers(db: PostgresDatastore, policy: TenantPolicy, as_of: datetime) -> list[UUID]:
    """Customers not erased, with no open ticket and no activity since the policy's cutoff."""
    if policy.customer_days is None:
        return []
    cutoff = as_of - timedelta(days=policy.customer_days)
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            "SELECT customer_id FROM retention_customers c WHERE tenant_id = %s AND NOT erased "
            "AND last_activity_at < %s AND NOT EXISTS (SELECT 1 FROM retention_tickets t "
            "WHERE t.customer_id = c.customer_id "
            "AND (t.finished_at IS NULL OR t.last_activity_at >= %s)) ORDER BY customer_id",
            (policy.tenant_id, cutoff, cutoff),
        ).fetchall()
    return [row["customer_id"] for row in rows]


def expired_ticket_texts(
    db: PostgresDatastore, policy: TenantPolicy, as_of: datetime, but: set[UUID]
) -> list[UUID]:
    """Tickets finished before the cutoff whose free text is still there, but for those of
    erased customers and of the customers in `but` (about to be erased)."""
    if policy.ticket_text_days is None:
        return []
    cutoff = as_of - timedelta(days=policy.ticket_text_days)
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            "SELECT ticket_id, customer_id FROM retention_tickets t JOIN retention_customers c "
            "USING (customer_id) WHERE t.tenant_id = %s AND NOT t.deidentified AND NOT c.erased "
            "AND t.finished_at < %s ORDER BY ticket_id",
            (policy.tenant_id, cutoff),
        ).fetchall()
    return [row["ticket_id"] for row in rows if row["customer_id"] not in but]


def tickets_of(db: PostgresDatastore, tenant_id: UUID, customer_id: UUID) -> list[UUID]:
    """The customer's tickets, oldest first."""
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            "SELECT ticket_id FROM retention_tickets WHERE tenant_id = %s AND customer_id = %s "
            "ORDER BY opened_at, ticket_id",
            (tenant_id, customer_id),
        ).fetchall()
    return [row["ticket_id"] for row in rows]
