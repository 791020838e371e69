"""The ticket queue."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from adapters.http.routers.staff import Limit
from adapters.web.desk import DeskDep, allowed
from domain.access import STAFF
from queries.pages import DEFAULT_LIMIT, Cursor
from queries.ticket_queue import Order, TicketFilters, ticket_queue

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
    return desk.page("tickets/queue.html", page=page, filters=filters, order=order)
