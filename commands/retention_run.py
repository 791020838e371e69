"""A retention run: what the tenants' policies let go is erased (customers) or de-identified
(tickets' free text), as the `system` actor; a legal hold stops both, and is reported."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from commands.application import Aftersales
from commands.bus import send
from commands.privacy import DeidentifyTicket, EraseCustomer
from domain.context import RequestContext
from domain.erasure import ErasureGround
from domain.errors import DomainError, LegalHoldInForce
from queries.retention_schedule import Expired


@dataclass
class RetentionSummary:
    as_of: datetime
    erased: list[UUID] = field(default_factory=list)
    deidentified: list[UUID] = field(default_factory=list)
    held: list[UUID] = field(default_factory=list)  # customers or tickets a legal hold kept
    skipped: list[UUID] = field(default_factory=list)  # changed meanwhile (a ticket reopened)


def apply_retention(
    app: Aftersales,
    work: Iterable[Expired],
    as_of: datetime,
    step: Callable[[], None] = lambda: None,
) -> RetentionSummary:
    """Each expired item's command, on its own: one a legal hold keeps, or that changed since
    it was found, is reported and the others go on; `step` is called after each."""
    summary = RetentionSummary(as_of)
    request_id = f"retention-{as_of:%Y%m%dT%H%M%S}"
    reason = f"retention policy, as of {as_of:%Y-%m-%d}"
    for item in work:
        ctx = RequestContext.system(item.tenant_id, request_id)
        try:
            if item.is_customer:
                erasure = EraseCustomer(customer_id=item.target, ground=ErasureGround.RETENTION)
                send(erasure, ctx, app)
                summary.erased.append(item.target)
            else:
                deidentification = DeidentifyTicket(ticket_id=item.target, reason=reason)
                send(deidentification, ctx, app)
                summary.deidentified.append(item.target)
        except LegalHoldInForce:
            summary.held.append(item.target)
        except DomainError:
            summary.skipped.append(item.target)
        step()
    return summary
