"""The compliance officer's privacy requests: the open ones, overdue first and then by due date
(or the closed ones), and each request with the answers the API takes: extend, link to the
customer, resolve."""

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from adapters.http.routers.staff import Limit
from adapters.web.actions import Action, add_forms
from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from adapters.web.refused import shown_again
from commands.fields import Body
from commands.privacy_answers import SendExportLink
from commands.privacy_requests import (
    CustomerLink,
    ExtendPrivacyRequest,
    Extension,
    LinkPrivacyRequest,
    PrivacyRequestResolution,
    ResolvePrivacyRequest,
)
from commands.privacy_verification import InPersonCheck, VerifyInPerson
from domain.access import COMPLIANCE
from domain.privacy_request import RequestOutcome
from queries.pages import DEFAULT_LIMIT, Cursor
from queries.privacy_requests import RequestStatus, privacy_request, privacy_requests

router = APIRouter(include_in_schema=False)

ACTIONS = {
    "extension": Action(Extension, ExtendPrivacyRequest),
    "customer": Action(CustomerLink, LinkPrivacyRequest),
    "resolution": Action(PrivacyRequestResolution, ResolvePrivacyRequest),
    "verification": Action(InPersonCheck, VerifyInPerson),
    "export-link": Action(Body, SendExportLink, lambda desk: _new_link(desk)),
}


def _new_link(desk: Desk) -> dict[str, str]:
    """A new download link for the request the form is about, and its digest."""
    request_id = UUID(desk.request.path_params["request_id"])
    link = desk.services.privacy_secrets.new_link(request_id)
    return {"link": link.secret, "link_digest": link.digest}


@router.get("/privacy-requests", response_class=HTMLResponse, dependencies=[allowed(COMPLIANCE)])
async def queue(
    desk: DeskDep,
    status: RequestStatus = RequestStatus.OPEN,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> HTMLResponse:
    """Open requests soonest due first, so the overdue ones lead (the API's order); `ready`
    the verified ones among them, `unverified` those waiting for the requester's code."""
    page = await desk.read(privacy_requests, status, limit, cursor)
    return desk.page("privacy_requests/queue.html", page=page, status=status)


@router.get(
    "/privacy-requests/{request_id}",
    response_class=HTMLResponse,
    dependencies=[allowed(COMPLIANCE)],
)
async def one_request(desk: DeskDep, request_id: UUID) -> HTMLResponse:
    return await request_page(desk, request_id)


async def request_page(
    desk: Desk, request_id: UUID, acted: str | None = None, refusal: Refusal | None = None
) -> HTMLResponse:
    """The request and its answers; shown again after a refused one, saying why."""
    return desk.page(
        "privacy_requests/request.html",
        **await shown_again(desk, refusal, acted),
        canonical=f"/privacy-requests/{request_id}",
        privacy_request=await desk.read(privacy_request, request_id),
        actions=ACTIONS,
        outcomes=[(o.value, o.value.capitalize()) for o in RequestOutcome],
    )


async def _again(desk: Desk, request_id: UUID, acted: str, refusal: Refusal) -> Response:
    return await request_page(desk, request_id, acted, refusal)


add_forms(router, "/privacy-requests", "request_id", ACTIONS, _again)
