"""One unit's passport and history: its warranty, the chain of serials it replaced and that
replaced it, and its tickets and repairs."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from adapters.http.routers.devices import passport_read
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
    passport = await passport_read(desk.read, desk.services.app, desk.ctx, serial)
    return desk.page("devices/history.html", page=page, serial=serial, passport=passport)
