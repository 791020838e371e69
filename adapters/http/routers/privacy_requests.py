"""Privacy requests: the public form, and the compliance officers' list and answers."""

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel

from adapters.bootstrap import Services
from adapters.http.deps import ServicesDep, client_address, may, request_id
from adapters.http.reading import ReaderDep
from adapters.http.routers.staff import Limit
from adapters.http.writes import WriterDep
from adapters.postgres.rate_limit import PostgresRateLimit
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
from commands.privacy_verification import CodeSent
from domain.access import COMPLIANCE
from domain.context import RequestContext
from domain.errors import InvalidValue
from domain.fields import Slug
from domain.privacy_verification import new_reference, request_id_for
from domain.refusals import NotFound
from domain.tenant import Tenant, tenant_id_for
from queries.pages import DEFAULT_LIMIT, Cursor, Page
from queries.privacy_requests import (
    PrivacyRequestPublic,
    RequestStatus,
    customers_at,
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
    consent; no login. The answer is due within 30 days, once the requester proves who they are:
    a one-time code goes to the email (else the phone) on the record of the customer whose
    record holds the address given, and to no one when none does; the answer is the same."""
    ctx = public_context(services, tenant_slug, request, services.limits.privacy_requests)
    reference = new_reference()
    request_id_ = request_id_for(ctx.tenant_id, reference)
    code = services.privacy_secrets.new_code(request_id_)
    candidates = customers_at(services.read_store, ctx.tenant_id, body.email, body.phone)
    first_code = CodeSent(code=code.secret, code_digest=code.digest, candidates=tuple(candidates))
    command = SubmitPrivacyRequest(**body.model_dump(), reference=reference, first_code=first_code)
    answer = send(command, ctx, services.app)
    return RequestReceipt(reference=answer.reference, due_by=answer.due_by)


def public_context(
    services: Services, tenant_slug: str, request: Request, limit: PostgresRateLimit
) -> RequestContext:
    """The context of a member of the public's request to the tenant the slug names (404 when
    none does), once the source is within the limit (429)."""
    try:
        tenant_id = tenant_id_for(tenant_slug)
    except InvalidValue:
        raise NotFound("tenant", tenant_slug) from None
    if services.app.find(Tenant, tenant_id) is None:
        raise NotFound("tenant", tenant_slug)
    if (wait := limit.hit(client_address(request))) is not None:
        raise TooManyAttempts(wait)
    return RequestContext(tenant_id=tenant_id, actor=PUBLIC, request_id=request_id(request))


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
