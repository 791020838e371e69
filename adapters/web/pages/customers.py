"""The customer directory: search, and one customer's details (each view on their access log)
with the forms of the privacy desk: correction, consents, objection, legal hold, erasure (after
a page that says what goes and what stays)."""

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
from adapters.web.actions import Action, add_forms
from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from adapters.web.pages.customer_merge import record_tickets
from adapters.web.refused import shown_again
from commands.customer_merge import MergeCustomers
from commands.customers import (
    ConsentDecision,
    CorrectCustomer,
    Correction,
    Objection,
    RecordConsent,
    RecordObjection,
)
from commands.device_transfer import TransferDevice
from commands.privacy import EraseCustomer, Erasure, HoldCustomer, LegalHold
from domain.access import CUSTOMER_READERS, DESK, EXPORTERS
from domain.access_log import AccessPurpose
from domain.erasure import ErasureGround
from domain.values import ContactChannel
from queries.customer_messages import customer_messages
from queries.customers import customer_detail, customer_search
from queries.legal_holds import legal_hold
from queries.pages import DEFAULT_LIMIT, Cursor
from queries.privacy_notices import notices_given

router = APIRouter(include_in_schema=False)


class ChannelConsent(ConsentDecision):
    """The consent form: the channel chosen on the form, not in the address."""

    channel: ContactChannel


ACTIONS = {
    "correction": Action(Correction, CorrectCustomer),
    "consent": Action(ChannelConsent, RecordConsent),
    "objection": Action(Objection, RecordObjection),
    "legal-hold": Action(LegalHold, HoldCustomer),
    "erasure": Action(Erasure, EraseCustomer),
}
GROUNDS = [
    (ErasureGround.DATA_SUBJECT_REQUEST.value, "The customer asked to be erased"),
    (ErasureGround.OTHER.value, "Another ground"),
]


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
async def details(desk: DeskDep, customer_id: UUID, messages: Cursor | None = None) -> HTMLResponse:
    """The customer, and a page of their messages (`messages`: the cursor of a later one)."""
    return await customer_page(desk, customer_id, messages=messages)


@router.get(
    "/customers/{customer_id}/erasure",
    response_class=HTMLResponse,
    dependencies=[allowed(EraseCustomer)],
)
async def erasure(desk: DeskDep, customer_id: UUID) -> HTMLResponse:
    """The step before an erasure: what it destroys, what stays, and the form that does it."""
    return await customer_page(desk, customer_id, template="customers/erasure.html")


async def customer_page(
    desk: Desk,
    customer_id: UUID,
    acted: str | None = None,
    refusal: Refusal | None = None,
    template: str = "customers/details.html",
    messages: str | None = None,
) -> HTMLResponse:
    """The customer's page (each showing on their access log); shown again after a refused
    form (`acted`), with why and what was typed."""
    customer = await desk.read(customer_detail, customer_id)
    await run_in_threadpool(
        recorded_access, desk.services.app, desk.ctx, customer_id, AccessPurpose.DETAILS
    )
    return desk.page(
        template,
        **await shown_again(desk, refusal, acted),
        canonical=f"/customers/{customer_id}",
        customer=customer,
        messages=await desk.read(customer_messages, customer_id, DEFAULT_LIMIT, messages),
        hold=await desk.read(legal_hold, customer_id) if desk.may(EXPORTERS) else None,
        exporters=EXPORTERS,
        transfer=TransferDevice,
        merge=MergeCustomers,
        tickets=await record_tickets(desk, customer),
        notices=await run_in_threadpool(notices_given, desk.services.app, desk.ctx, customer_id),
        actions=ACTIONS,
        channels=[(c.value, c.value.capitalize()) for c in ContactChannel],
        grounds=GROUNDS,
    )


async def _again(desk: Desk, customer_id: UUID, acted: str, refusal: Refusal) -> Response:
    erasing = acted == "erasure"
    template = "customers/erasure.html" if erasing else "customers/details.html"
    return await customer_page(desk, customer_id, acted, refusal, template)


add_forms(router, "/customers", "customer_id", ACTIONS, _again)


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
