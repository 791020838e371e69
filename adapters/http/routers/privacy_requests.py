"""Privacy requests: the public form, and the compliance officers' list and answers."""

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel

from adapters.http.deps import ServicesDep, client_address, may, request_id
from adapters.http.reading import ReaderDep
from adapters.http.routers.staff import Limit
from adapters.http.writes import WriterDep
from commands.answers import Written
from commands.bus import send
from commands.login import TooManyAttempts
from commands.privacy_requests import (
    CustomerLink,
    ExtendPrivacyRequest,
    Extension,
    LinkPrivacyRequest,
    PrivacyRequestForm,
    PrivacyRequestResolution,
    ResolvePrivacyRequest,
    SubmitPrivacyRequest,
)
from domain.access import COMPLIANCE
from domain.context import RequestContext
from domain.errors import InvalidValue
from domain.fields import Slug
from domain.refusals import NotFound
from domain.tenant import Tenant, tenant_id_for
from queries.pages import DEFAULT_LIMIT, Cursor, Page
from queries.privacy_requests import (
    PrivacyRequestPublic,
    RequestStatus,
    privacy_request,
    privacy_requests,
)

router = APIRouter(tags=["privacy requests"])
PUBLIC = "public"


class RequestReceipt(BaseModel):
    reference: str
    due_by: datetime


@router.post(
    "/v1/public/{tenant_slug}/privacy-requests",
    status_code=202,
    responses={404: {"description": "no such tenant"}, 429: {"description": "too many"}},
)
def submit_privacy_request(
    tenant_slug: Slug, body: PrivacyRequestForm, request: Request, services: ServicesDep
) -> RequestReceipt:
    """A data subject asks to see, correct or delete their information, objects, or withdraws
    consent; no login. The answer is due within 30 days."""
    try:
        tenant_id = tenant_id_for(tenant_slug)
    except InvalidValue:
        raise NotFound("tenant", tenant_slug) from None
    if services.app.find(Tenant, tenant_id) is None:
        raise NotFound("tenant", tenant_slug)
    if (wait := services.privacy_requests_limit.hit(client_address(request))) is not None:
        raise TooManyAttempts(wait)
    ctx = RequestContext(tenant_id=tenant_id, actor=PUBLIC, request_id=request_id(request))
    answer = send(SubmitPrivacyRequest(**body.model_dump()), ctx, services.app)
    return RequestReceipt(reference=answer.reference, due_by=answer.due_by)


@router.get("/v1/privacy-requests", dependencies=[may(COMPLIANCE)])
async def list_privacy_requests(
    read: ReaderDep,
    status: RequestStatus | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[PrivacyRequestPublic]:
    """Open and closed requests, soonest due first; `overdue` marks open ones past due."""
    return await read(privacy_requests, status, limit, cursor)


@router.get("/v1/privacy-requests/{request_id}", dependencies=[may(COMPLIANCE)])
async def get_privacy_request(request_id: UUID, read: ReaderDep) -> PrivacyRequestPublic:
    return await read(privacy_request, request_id)


@router.post(
    "/v1/privacy-requests/{request_id}/extension", dependencies=[may(ExtendPrivacyRequest)]
)
def extend(request_id: UUID, body: Extension, write: WriterDep) -> Written:
    """Thirty more days, once, with the reason (409 `already_extended` the second time)."""
    return write(ExtendPrivacyRequest.from_body(body, request_id=request_id))


@router.put("/v1/privacy-requests/{request_id}/customer", dependencies=[may(LinkPrivacyRequest)])
def link(request_id: UUID, body: CustomerLink, write: WriterDep) -> Written:
    """The customer the request is about: erasing them erases the requester's details too."""
    return write(LinkPrivacyRequest.from_body(body, request_id=request_id))


@router.post(
    "/v1/privacy-requests/{request_id}/resolution", dependencies=[may(ResolvePrivacyRequest)]
)
def resolve(request_id: UUID, body: PrivacyRequestResolution, write: WriterDep) -> Written:
    return write(ResolvePrivacyRequest.from_body(body, request_id=request_id))
