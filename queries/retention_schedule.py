"""What the retention schedule (projections' RetentionSchedule) finds expired, and a
customer's tickets."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from psycopg.sql import SQL

from projections.retention.tables import (
    RETENTION_CUSTOMERS,
    RETENTION_POLICIES,
    RETENTION_TICKETS,
)
from queries.read_store import ReadStore


@dataclass(frozen=True)
class TenantPolicy:
    tenant_id: UUID
    customer_days: int | None
    ticket_text_days: int | None


@dataclass(frozen=True)
class Expired:
    """A customer to erase (`is_customer`), or a ticket whose free text to de-identify."""

    tenant_id: UUID
    target: UUID
    is_customer: bool


def expired(db: ReadStore, as_of: datetime) -> list[Expired]:
    """What every tenant's policy lets go as of the time: customers first, then the tickets of
    the customers who stay."""
    work: list[Expired] = []
    for policy in policies(db):
        customers = expired_customers(db, policy, as_of)
        tickets = expired_ticket_texts(db, policy, as_of, but=set(customers))
        work += [Expired(policy.tenant_id, c, True) for c in customers]
        work += [Expired(policy.tenant_id, t, False) for t in tickets]
    return work


def policies(db: ReadStore) -> list[TenantPolicy]:
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            SQL(
                "SELECT tenant_id, customer_days, ticket_text_days FROM {} "
                "WHERE customer_days IS NOT NULL OR ticket_text_days IS NOT NULL "
                "ORDER BY tenant_id"
            ).format(RETENTION_POLICIES.sql)
        ).fetchall()
    return [TenantPolicy(**row) for row in rows]


def expired_customers(db: ReadStore, policy: TenantPolicy, as_of: datetime) -> list[UUID]:
    """Customers not erased, with no open ticket and no activity since the policy's cutoff."""
    if policy.customer_days is None:
        return []
    cutoff = as_of - timedelta(days=policy.customer_days)
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            SQL(
                "SELECT customer_id FROM {customers} c WHERE tenant_id = %s AND NOT erased "
                "AND last_activity_at < %s AND NOT EXISTS (SELECT 1 FROM {tickets} t "
                "WHERE t.customer_id = c.customer_id "
                "AND (t.finished_at IS NULL OR t.last_activity_at >= %s)) ORDER BY customer_id"
            ).format(customers=RETENTION_CUSTOMERS.sql, tickets=RETENTION_TICKETS.sql),
            (policy.tenant_id, cutoff, cutoff),
        ).fetchall()
    return [row["customer_id"] for row in rows]


def expired_ticket_texts(
    db: ReadStore, policy: TenantPolicy, as_of: datetime, but: set[UUID]
) -> list[UUID]:
    """Tickets finished before the cutoff whose free text is still there, but for those of
    erased customers and of the customers in `but` (about to be erased)."""
    if policy.ticket_text_days is None:
        return []
    cutoff = as_of - timedelta(days=policy.ticket_text_days)
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            SQL(
                "SELECT ticket_id, customer_id FROM {tickets} t JOIN {customers} c "
                "USING (customer_id) WHERE t.tenant_id = %s AND NOT t.deidentified "
                "AND NOT c.erased AND t.finished_at < %s ORDER BY ticket_id"
            ).format(tickets=RETENTION_TICKETS.sql, customers=RETENTION_CUSTOMERS.sql),
            (policy.tenant_id, cutoff),
        ).fetchall()
    return [row["ticket_id"] for row in rows if row["customer_id"] not in but]


def tickets_of(db: ReadStore, tenant_id: UUID, customer_id: UUID) -> list[UUID]:
    """The customer's tickets, oldest first."""
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            SQL(
                "SELECT ticket_id FROM {} WHERE tenant_id = %s AND customer_id = %s "
                "ORDER BY opened_at, ticket_id"
            ).format(RETENTION_TICKETS.sql),
            (tenant_id, customer_id),
        ).fetchall()
    return [row["ticket_id"] for row in rows]
