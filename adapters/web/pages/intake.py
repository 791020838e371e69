"""Intake at the front desk, one screen in steps at addresses of their own (so it works without
script): the customer found or registered (warned of one already on record with that phone or
email), the device picked by serial with its repair history, then the ticket opened."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from adapters.http.routers.customer_privacy import recorded_access
from adapters.http.routers.devices import passport_read
from adapters.web import forms
from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from adapters.web.pages.tickets import choices
from commands.customers import CustomerRegistration, RegisterCustomer
from commands.tickets import OpenTicket, TicketIntake
from domain.access_log import AccessPurpose
from domain.errors import InvalidValue
from domain.tenant import Tenant
from domain.values import IntakeChannel, Priority, serial_number
from queries.customer_duplicates import customers_on_record
from queries.customers import (
    CustomerPublic,
    CustomerSummary,
    customer_detail,
    customer_search,
)
from queries.device_holders import device_holders
from queries.devices import device_history
from queries.pages import DEFAULT_LIMIT, Page

router = APIRouter(include_in_schema=False)
FOUND = 10  # customers shown for a search: the desk narrows it rather than pages it


@router.get("/tickets/new", response_class=HTMLResponse, dependencies=[allowed(OpenTicket)])
async def intake(
    desk: DeskDep, q: str | None = None, customer_id: UUID | None = None, serial: str | None = None
) -> HTMLResponse:
    return await intake_page(desk, q, customer_id, serial)


async def intake_page(
    desk: Desk,
    q: str | None = None,
    customer_id: UUID | None = None,
    serial: str | None = None,
    refusal: Refusal | None = None,
    duplicates: list[CustomerSummary] | None = None,
) -> HTMLResponse:
    """The step the addresses' parameters have reached; shown again after a refused form (or a
    registration that would duplicate someone), with why and what was typed."""
    typed = await forms.typed(desk.request) if refusal or duplicates else {}
    errors = refusal.fields if refusal else {}
    status = refusal.status if refusal else 200
    if customer_id is None:
        found: Page[CustomerSummary] | None = None
        if q:
            found = await desk.read(customer_search, q, FOUND, None)
        return desk.page(
            "tickets/new.html",
            status,
            refusal=refusal,
            errors=errors,
            typed=typed,
            q=q or "",
            found=found,
            duplicates=duplicates or [],
        )
    customer = await desk.read(customer_detail, customer_id)
    await run_in_threadpool(
        recorded_access, desk.services.app, desk.ctx, customer_id, AccessPurpose.DETAILS
    )
    try:
        device = await _device(desk, customer, serial)
    except InvalidValue as exc:
        device, errors = {}, {"serial": exc.detail, **errors}
    return desk.page(
        "tickets/new.html",
        status,
        refusal=refusal,
        errors=errors,
        typed=typed,
        customer=customer,
        priorities=choices(Priority),
        channels=choices(IntakeChannel),
        notice_version=_current_notice(desk),
        **device,
    )


def _current_notice(desk: Desk) -> int | None:
    """The version of the tenant's privacy notice the agent confirms was shown, if it has one."""
    tenant = desk.services.app.find(Tenant, desk.ctx.tenant_id)
    return len(tenant.notices) if tenant and tenant.notices else None


async def _device(desk: Desk, customer: CustomerPublic, serial: str | None) -> dict[str, Any]:
    """The serial picked (normalised), whether it is on the customer's record, its history, its
    passport (the warranty state at intake), and the other customers whose record holds it or
    its tickets were for."""
    if not serial:
        return {}
    found = serial_number(serial)
    history = await desk.read(device_history, found, DEFAULT_LIMIT, None)
    held = await desk.read(device_holders, found)
    others = {str(e.customer_id) for e in history.items} | {str(c) for c in held.customer_ids}
    return {
        "serial": found,
        "history": history,
        "known": next((d for d in customer.devices if d.serial_number == found), None),
        "elsewhere": sorted(others - {str(customer.id)}),
        "passport": await passport_read(desk.read, desk.services.app, desk.ctx, found),
    }


@router.post("/tickets/new/customer", dependencies=[allowed(RegisterCustomer)])
async def register(desk: DeskDep, anyway: bool = False) -> Response:
    """Register the customer and go on to their device; with a phone or email on record
    already, first offer those customers (`anyway`: register a new one all the same)."""

    async def again(refusal: Refusal) -> Response:
        return await intake_page(desk, refusal=refusal)

    if not anyway and (same := await _on_record(desk)):
        return await intake_page(desk, duplicates=same)
    return await desk.submit(
        CustomerRegistration,
        RegisterCustomer.from_body,
        lambda answer: f"/tickets/new?customer_id={answer.id}",
        again,
    )


@router.post("/tickets/new", dependencies=[allowed(OpenTicket)])
async def open_ticket(desk: DeskDep) -> Response:
    """Open the ticket (the API's intake): done, its page says its number."""

    async def again(refusal: Refusal) -> Response:
        fields = await forms.fields(desk.request)
        try:
            customer_id = UUID((fields.get("customer_id") or [""])[-1])
        except ValueError:
            customer_id = None
        serial = (fields.get("device.serial_number") or [""])[-1] or None
        return await intake_page(desk, None, customer_id, serial, refusal)

    return await desk.submit(
        TicketIntake, OpenTicket.from_body, lambda answer: f"/tickets/{answer.id}?opened=1", again
    )


async def _on_record(desk: Desk) -> list[CustomerSummary]:
    """Those on record with the registration's phone or email (none for a form refused: its
    refusal is shown instead)."""
    try:
        given = await forms.posted(desk.request, CustomerRegistration)
    except ValidationError:
        return []
    return await desk.read(customers_on_record, given.phone, given.email)
