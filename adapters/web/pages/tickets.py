"""The ticket queue (each page that shows names on the record, as the API's), and each ticket
with its timeline."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from adapters.http.routers.customer_privacy import recorded_queue_page
from adapters.http.routers.staff import Limit
from adapters.web.desk import DeskDep, allowed
from domain.access import STAFF, TICKET_READERS
from queries.pages import DEFAULT_LIMIT, Cursor
from queries.ticket_queue import Order, TicketFilters, ticket_queue
from queries.tickets import ticket_detail

router = APIRouter(include_in_schema=False)


@router.get("/tickets", response_class=HTMLResponse, dependencies=[allowed(STAFF)])
async def queue(
    desk: DeskDep,
    filters: Annotated[TicketFilters, Query()],
    order: Order = Order.NEWEST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> HTMLResponse:
    page = await desk.read(ticket_queue, filters, order, limit, cursor)
    await run_in_threadpool(recorded_queue_page, desk.services.app, desk.ctx, page)
    return desk.page("tickets/queue.html", page=page, filters=filters, order=order)


@router.get(
    "/tickets/{ticket_id}", response_class=HTMLResponse, dependencies=[allowed(TICKET_READERS)]
)
async def ticket(desk: DeskDep, ticket_id: UUID) -> HTMLResponse:
    """The ticket and its timeline (the forms that work it are issue 14's next step)."""
    shown = await desk.read(ticket_detail, ticket_id)
    return desk.page("tickets/ticket.html", ticket=shown)
