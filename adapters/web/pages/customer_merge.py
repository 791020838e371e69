"""Two records of one person made one: the survivor's likely duplicates (same phone or email) or
a search, then the step that says what moves and what stays, then the API's merge."""

from uuid import UUID

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from adapters.http.routers.customer_privacy import recorded_access, recorded_directory_page
from adapters.web import forms
from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from adapters.web.refused import shown_again
from commands.customer_merge import DuplicateChoice, MergeCustomers
from domain.access_log import AccessPurpose
from queries.customer_duplicates import customers_on_record
from queries.customers import CustomerPublic, CustomerSummary, customer_detail, customer_search
from queries.pages import DEFAULT_LIMIT, Page
from queries.ticket_queue import Order, QueueTicket, TicketFilters, ticket_queue

router = APIRouter(include_in_schema=False)
ADDRESS = "/customers/{customer_id}/merge"
SHOWN_TICKETS = 50


@router.get(ADDRESS, response_class=HTMLResponse, dependencies=[allowed(MergeCustomers)])
async def choose_duplicate(
    desk: DeskDep, customer_id: UUID, q: str | None = None, duplicate_id: UUID | None = None
) -> HTMLResponse:
    """The duplicates to choose from (`q` to search), or the one chosen (`duplicate_id`)."""
    return await merge_page(desk, customer_id, q or None, duplicate_id)


@router.post(ADDRESS, dependencies=[allowed(MergeCustomers)])
async def merge(desk: DeskDep, customer_id: UUID) -> Response:
    async def again(refusal: Refusal) -> Response:
        chosen = (await forms.typed(desk.request)).get("duplicate_id")
        return await merge_page(desk, customer_id, None, _uuid(chosen), refusal)

    return await desk.submit(
        DuplicateChoice,
        lambda body: MergeCustomers.from_body(body, customer_id=customer_id),
        lambda _: f"/customers/{customer_id}",
        again,
    )


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


async def record_tickets(desk: Desk, customer: CustomerPublic) -> list[QueueTicket]:
    """The newest tickets of the customer's record and of the duplicates merged into it."""
    filters = TicketFilters(customer_id=[customer.id, *customer.merged])
    page = await desk.read(ticket_queue, filters, Order.NEWEST, SHOWN_TICKETS, None)
    return page.items


async def merge_page(
    desk: Desk,
    customer_id: UUID,
    q: str | None,
    duplicate_id: UUID | None,
    refusal: Refusal | None = None,
) -> HTMLResponse:
    survivor = await desk.read(customer_detail, customer_id)
    await run_in_threadpool(
        recorded_access, desk.services.app, desk.ctx, customer_id, AccessPurpose.DETAILS
    )
    found: Page[CustomerSummary] | None = None
    likely: list[CustomerSummary] = []
    if q is not None:
        found = await desk.read(customer_search, q, DEFAULT_LIMIT, None)
        await run_in_threadpool(recorded_directory_page, desk.services.app, desk.ctx, found)
    elif duplicate_id is None:
        likely = await desk.read(customers_on_record, survivor.phone, survivor.email)
    duplicate = None
    if duplicate_id is not None:
        duplicate = await desk.read(customer_detail, duplicate_id)
        await run_in_threadpool(
            recorded_access, desk.services.app, desk.ctx, duplicate_id, AccessPurpose.DETAILS
        )
    return desk.page(
        "customers/merge.html",
        **await shown_again(desk, refusal),
        canonical=ADDRESS.format(customer_id=customer_id),
        survivor=survivor,
        candidates=[c for c in (found.items if found else likely) if c.id != survivor.id],
        searched=found is not None,
        q=q or "",
        duplicate=duplicate,
        tickets=await record_tickets(desk, duplicate) if duplicate else [],
    )
