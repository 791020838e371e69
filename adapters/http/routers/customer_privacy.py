"""A customer's privacy rights: the export of everything held, erasure, legal holds."""

from uuid import UUID

from fastapi import APIRouter, Response

from adapters.bootstrap import Services
from adapters.http.deps import QueryContext, ServicesDep, WriteContext, may
from adapters.http.writes import run
from commands import privacy
from commands.access_log import RecordAccess, record_access
from commands.answers import Written
from commands.bus import execute
from domain.access import EXPORTERS
from domain.access_log import AccessPurpose
from domain.context import RequestContext
from queries.customer_export import CustomerExport, customer_export

router = APIRouter(prefix="/v1/customers", tags=["privacy"])


def recorded_access(
    services: Services, ctx: RequestContext, customer_id: UUID, purpose: AccessPurpose
) -> None:
    """Put a staff user's read of the customer's details on the customer's access log."""
    command = RecordAccess(customer_id=customer_id, purpose=purpose)
    execute(record_access, command, ctx, services.app)


@router.get("/{customer_id}/export", dependencies=[may(EXPORTERS)])
def export_customer(customer_id: UUID, ctx: QueryContext, services: ServicesDep) -> CustomerExport:
    """Everything held about the person: details, consents with their evidence, devices,
    tickets, the record of changes, and who accessed the details when (this export too)."""
    export = customer_export(services.app, services.datastore, ctx, customer_id)
    recorded_access(services, ctx, customer_id, AccessPurpose.EXPORT)
    return export


@router.post(
    "/{customer_id}/erasure",
    responses={409: {"description": "under a legal hold"}},
    dependencies=[may(privacy.EraseCustomer)],
)
def erase_customer(
    customer_id: UUID,
    body: privacy.Erasure,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    """Destroy the person's keys: every personal field of theirs reads null from now on, in
    every event, copy and read model; devices and repair history stay. Once only."""
    return run(
        response,
        services,
        privacy.erase_customer,
        privacy.EraseCustomer,
        ctx,
        body,
        customer_id=customer_id,
    )


@router.put("/{customer_id}/legal-hold", dependencies=[may(privacy.HoldCustomer)])
def hold_customer(
    customer_id: UUID,
    body: privacy.LegalHold,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    """Place (`held: true`) or lift a legal hold: while it holds, erasure and retention refuse
    with 409 `legal_hold`."""
    return run(
        response,
        services,
        privacy.hold_customer,
        privacy.HoldCustomer,
        ctx,
        body,
        customer_id=customer_id,
    )
