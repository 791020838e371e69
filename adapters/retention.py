"""Applying the tenants' retention policies: erase expired customers, de-identify the free text
of tickets finished long ago, as the `system` actor; a legal hold stops both, and is reported."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

import psycopg

from adapters.bootstrap import Services
from commands.bus import execute
from commands.privacy import DeidentifyTicket, EraseCustomer, deidentify_ticket, erase_customer
from domain.context import RequestContext
from domain.errors import DomainError, LegalHoldInForce
from queries.retention import expired_customers, expired_ticket_texts, policies

PROJECTION = "retention"


@dataclass
class RetentionSummary:
    as_of: datetime
    erased: list[UUID] = field(default_factory=list)
    deidentified: list[UUID] = field(default_factory=list)
    held: list[UUID] = field(default_factory=list)  # customers or tickets a legal hold kept
    skipped: list[UUID] = field(default_factory=list)  # changed meanwhile (a ticket reopened)


@dataclass(frozen=True)
class Expired:
    tenant_id: UUID
    target: UUID
    is_customer: bool


def plan(services: Services, as_of: datetime) -> list[Expired]:
    """What has expired as of the time, once the retention read model has caught up."""
    caught_up(services, PROJECTION)
    db = services.datastore
    work: list[Expired] = []
    for policy in policies(db):
        customers = expired_customers(db, policy, as_of)
        tickets = expired_ticket_texts(db, policy, as_of, but=set(customers))
        work += [Expired(policy.tenant_id, c, True) for c in customers]
        work += [Expired(policy.tenant_id, t, False) for t in tickets]
    return work


def apply(
    services: Services, work: list[Expired], as_of: datetime, step: Callable[[], None]
) -> RetentionSummary:
    summary = RetentionSummary(as_of)
    request_id = f"retention-{as_of:%Y%m%dT%H%M%S}"
    for item in work:
        ctx = RequestContext.system(item.tenant_id, request_id)
        reason = f"retention policy, as of {as_of:%Y-%m-%d}"
        try:
            if item.is_customer:
                execute(
                    erase_customer,
                    EraseCustomer(customer_id=item.target, reason=reason),
                    ctx,
                    services.app,
                )
                summary.erased.append(item.target)
            else:
                execute(
                    deidentify_ticket,
                    DeidentifyTicket(ticket_id=item.target, reason=reason),
                    ctx,
                    services.app,
                )
                summary.deidentified.append(item.target)
        except LegalHoldInForce:
            summary.held.append(item.target)
        except DomainError:
            summary.skipped.append(item.target)
        step()
    return summary


def run_retention(services: Services, as_of: datetime) -> RetentionSummary:
    return apply(services, plan(services, as_of), as_of, lambda: None)


def caught_up(services: Services, name: str, seconds: float = 60) -> None:
    """Bring the read model up to the head of the log: apply it here if no worker is active,
    else wait for the active one."""
    follower = services.projections[name]
    head = services.app.recorder.max_notification_id() or 0
    with psycopg.connect(services.database_url, autocommit=True) as conn:
        if follower.lock.try_take(conn):
            follower.catch_up()
            return
    deadline = time.monotonic() + seconds
    while follower.consumer.position() < head:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the {name} read model is {follower.lag()} events behind")
        time.sleep(0.05)
