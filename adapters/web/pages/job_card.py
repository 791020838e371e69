"""A ticket's job card, to print and hand over with the unit: its number, the device, the fault,
the customer's first name only (a card left on a bench shows no more of them), and the shop
with its contact."""

from uuid import UUID

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from adapters.http.routers.customer_privacy import recorded_access
from adapters.http.routers.tenant import shop_of, tenant_of
from adapters.web.desk import DeskDep, allowed
from domain.access import TICKET_READERS
from domain.access_log import AccessPurpose
from queries.customers import customer_detail
from queries.tickets import ticket_detail

router = APIRouter(include_in_schema=False)


@router.get(
    "/tickets/{ticket_id}/job-card",
    response_class=HTMLResponse,
    dependencies=[allowed(TICKET_READERS)],
)
async def job_card(desk: DeskDep, ticket_id: UUID) -> HTMLResponse:
    ticket = await desk.read(ticket_detail, ticket_id)
    customer = await desk.read(customer_detail, ticket.customer_id)
    app = desk.services.app
    await run_in_threadpool(
        recorded_access, app, desk.ctx, ticket.customer_id, AccessPurpose.DETAILS
    )
    shop = await run_in_threadpool(tenant_of, app, desk.ctx)
    contact = await run_in_threadpool(shop_of, app, desk.ctx)
    return desk.page(
        "tickets/job_card.html",
        ticket=ticket,
        first_name=customer.name,
        shop=shop,
        contact=contact,
    )
