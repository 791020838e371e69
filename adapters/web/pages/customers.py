"""The customer directory: search, and one customer's details (each view on their access log)."""

from uuid import UUID

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from adapters.http.routers.customer_privacy import (
    exported,
    recorded_access,
    recorded_directory_page,
)
from adapters.http.routers.staff import Limit
from adapters.web.desk import DeskDep, allowed
from commands.device_transfer import TransferDevice
from domain.access import CUSTOMER_READERS, DESK, EXPORTERS
from domain.access_log import AccessPurpose
from queries.customers import customer_detail, customer_search
from queries.pages import DEFAULT_LIMIT, Cursor

router = APIRouter(include_in_schema=False)


@router.get("/customers", response_class=HTMLResponse, dependencies=[allowed(DESK)])
async def directory(
    desk: DeskDep, q: str | None = None, limit: Limit = DEFAULT_LIMIT, cursor: Cursor | None = None
) -> HTMLResponse:
    page = await desk.read(customer_search, q or None, limit, cursor)
    await run_in_threadpool(recorded_directory_page, desk.services.app, desk.ctx, page)
    return desk.page("customers/directory.html", page=page, q=q or "")


@router.get(
    "/customers/{customer_id}",
    response_class=HTMLResponse,
    dependencies=[allowed(CUSTOMER_READERS)],
)
async def details(desk: DeskDep, customer_id: UUID) -> HTMLResponse:
    customer = await desk.read(customer_detail, customer_id)
    await run_in_threadpool(
        recorded_access, desk.services.app, desk.ctx, customer_id, AccessPurpose.DETAILS
    )
    return desk.page(
        "customers/details.html", customer=customer, exporters=EXPORTERS, transfer=TransferDevice
    )


@router.get("/customers/{customer_id}/export", dependencies=[allowed(EXPORTERS)])
async def export(desk: DeskDep, customer_id: UUID) -> Response:
    """The API's export as a download, recorded on the access log as the API records it."""
    held = await run_in_threadpool(exported, desk.services, desk.ctx, customer_id)
    disposition = f'attachment; filename="customer-{customer_id}.json"'
    return Response(
        held.model_dump_json(indent=2),
        media_type="application/json",
        headers={"Content-Disposition": disposition},
    )
