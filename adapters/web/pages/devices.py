"""One unit's history: its tickets and repairs, and the serials fitted into or from it."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from adapters.http.routers.staff import Limit
from adapters.web.desk import DeskDep, allowed
from domain.access import STAFF
from domain.fields import Serial
from queries.devices import device_history
from queries.pages import DEFAULT_LIMIT, Cursor

router = APIRouter(include_in_schema=False)


@router.get("/devices/{serial}", response_class=HTMLResponse, dependencies=[allowed(STAFF)])
async def history(
    desk: DeskDep, serial: Serial, limit: Limit = DEFAULT_LIMIT, cursor: Cursor | None = None
) -> HTMLResponse:
    page = await desk.read(device_history, serial, limit, cursor)
    return desk.page("devices/history.html", page=page, serial=serial)
