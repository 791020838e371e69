"""A customer's privacy rights: the export of everything held, erasure, legal holds."""

from uuid import UUID

from fastapi import APIRouter

from adapters.bootstrap import Services
from adapters.http.deps import QueryContext, ServicesDep, may
from adapters.http.reading import ReaderDep
from adapters.http.writes import WriterDep
from commands.access_log import RecordAccess, RecordListing
from commands.answers import Written
from commands.application import Aftersales
from commands.bus import send
from commands.privacy import EraseCustomer, Erasure, HoldCustomer, LegalHold
from domain.access import EXPORTERS
from domain.access_log import AccessPurpose, Listing
from domain.context import RequestContext
from queries.customer_export import customer_export
from queries.customers import CustomerSummary
from queries.export_models import CustomerExport
from queries.legal_holds import LegalHoldStatePublic, legal_hold
from queries.pages import Page
from queries.ticket_queue import QueueTicket

router = APIRouter(prefix="/v1/customers", tags=["privacy"])


def recorded_access(
    app: Aftersales, ctx: RequestContext, customer_id: UUID, purpose: AccessPurpose
) -> None:
    """Put a staff user's read of the customer's details on the customer's access log."""
    send(RecordAccess(customer_id=customer_id, purpose=purpose), ctx, app)


def recorded_listing(
    app: Aftersales, ctx: RequestContext, listing: Listing, customer_ids: list[UUID]
) -> None:
    """Put a page of a list on the record as one access to the names of the customers it
    showed (each once, in order of first appearance); a page that showed none is not one."""
    if shown := list(dict.fromkeys(customer_ids)):
        send(RecordListing(listing=listing, customer_ids=shown), ctx, app)


def recorded_queue_page(app: Aftersales, ctx: RequestContext, page: Page[QueueTicket]) -> None:
    """Put a page of the ticket queue on the record: the customers whose names it showed."""
    shown = [t.customer_id for t in page.items if t.customer_name or t.customer_surname]
    recorded_listing(app, ctx, Listing.TICKET_QUEUE, shown)


def recorded_directory_page(
    app: Aftersales, ctx: RequestContext, page: Page[CustomerSummary]
) -> None:
    """Put a page of the customer directory on the record: the customers it showed."""
    shown = [c.id for c in page.items if not c.erased]
    recorded_listing(app, ctx, Listing.CUSTOMER_DIRECTORY, shown)


def exported(services: Services, ctx: RequestContext, customer_id: UUID) -> CustomerExport:
    """Everything held about the customer, the export itself on their access log."""
    export = customer_export(services.app, services.read_store, ctx, customer_id)
    recorded_access(services.app, ctx, customer_id, AccessPurpose.EXPORT)
    return export


@router.get("/{customer_id}/export", dependencies=[may(EXPORTERS)])
def export_customer(customer_id: UUID, ctx: QueryContext, services: ServicesDep) -> CustomerExport:
    """Everything held about the person: details, consents with their evidence, devices,
    tickets, the record of changes, and who accessed the details when (this export too)."""
    return exported(services, ctx, customer_id)


@router.post(
    "/{customer_id}/erasure",
    responses={409: {"description": "under a legal hold"}},
    dependencies=[may(EraseCustomer)],
)
def erase_customer(customer_id: UUID, body: Erasure, write: WriterDep) -> Written:
    """Destroy the person's keys: every personal field of theirs reads null from now on, in
    every event, copy and read model; devices and repair history stay. Once only."""
    return write(EraseCustomer.from_body(body, customer_id=customer_id))


@router.get("/{customer_id}/legal-hold", dependencies=[may(EXPORTERS)])
async def get_legal_hold(customer_id: UUID, read: ReaderDep) -> LegalHoldStatePublic:
    """Whether a legal hold is in force (erasure and retention then refuse)."""
    return await read(legal_hold, customer_id)


@router.put("/{customer_id}/legal-hold", dependencies=[may(HoldCustomer)])
def hold_customer(customer_id: UUID, body: LegalHold, write: WriterDep) -> Written:
    """Place (`held: true`) or lift a legal hold: while it holds, erasure and retention refuse
    with 409 `legal_hold`."""
    return write(HoldCustomer.from_body(body, customer_id=customer_id))
