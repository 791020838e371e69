"""A device moved to its new owner: find them in the directory, then move it (the API's
transfer; its history stays with its serial)."""

from uuid import UUID

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from adapters.http.routers.customer_privacy import recorded_directory_page
from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from commands.device_transfer import DeviceTransfer, TransferDevice
from domain.fields import Serial
from queries.customers import CustomerSummary, customer_detail, customer_search
from queries.pages import DEFAULT_LIMIT, Page

router = APIRouter(include_in_schema=False)
ADDRESS = "/customers/{customer_id}/devices/{serial_number}/transfer"


@router.get(ADDRESS, response_class=HTMLResponse, dependencies=[allowed(TransferDevice)])
async def choose_owner(
    desk: DeskDep, customer_id: UUID, serial_number: Serial, q: str | None = None
) -> HTMLResponse:
    """The device and its owner, and the customers found for `q` to move it to."""
    return await transfer_page(desk, customer_id, serial_number, q or None)


@router.post(ADDRESS, dependencies=[allowed(TransferDevice)])
async def transfer(desk: DeskDep, customer_id: UUID, serial_number: Serial) -> Response:
    async def again(refusal: Refusal) -> Response:
        return await transfer_page(desk, customer_id, serial_number, None, refusal)

    return await desk.submit(
        DeviceTransfer,
        lambda body: TransferDevice.from_body(
            body, customer_id=customer_id, serial_number=serial_number
        ),
        lambda _: f"/customers/{customer_id}?transferred={serial_number}",
        again,
    )


async def transfer_page(
    desk: Desk,
    customer_id: UUID,
    serial: str,
    q: str | None,
    refusal: Refusal | None = None,
) -> HTMLResponse:
    former = await desk.read(customer_detail, customer_id)
    found: Page[CustomerSummary] | None = None
    if q is not None:
        found = await desk.read(customer_search, q, DEFAULT_LIMIT, None)
        await run_in_threadpool(recorded_directory_page, desk.services.app, desk.ctx, found)
    device = next((d for d in former.devices if d.serial_number == serial), None)
    return desk.page(
        "customers/device_transfer.html",
        status_code=refusal.status if refusal else 200,
        canonical=ADDRESS.format(customer_id=customer_id, serial_number=serial),
        former=former,
        device=device,
        serial=serial,
        q=q or "",
        found=found,
        refusal=refusal,
    )
