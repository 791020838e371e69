"""Proof of identity for privacy requests: the requester's code and new codes, the one-time
export download (public, each rate-limited per source), and a compliance officer's check in
person and export link."""

import re
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field

from adapters.http.deps import ServicesDep, client_address, may, request_id
from adapters.http.routers.privacy_requests import PUBLIC, public_context
from adapters.http.writes import WriterDep
from adapters.privacy_secrets import DOWNLOADS, request_of
from commands.answers import Written
from commands.bus import send
from commands.login import TooManyAttempts
from commands.privacy_answers import DownloadExport, SendExportLink
from commands.privacy_verification import EnterCode, InPersonCheck, NewCode, VerifyInPerson
from domain.context import RequestContext
from domain.errors import InvalidValue
from domain.fields import Slug
from domain.privacy_request import PrivacyRequest
from domain.privacy_verification import request_id_for
from domain.refusals import NotFound
from queries.customer_export import customer_export
from queries.export_models import CustomerExport
from queries.privacy_requests import customers_at

router = APIRouter(tags=["privacy requests"])
Token = Annotated[
    str, Path(pattern=r"^[0-9a-f]{32}[A-Za-z0-9_-]{32,64}$", description="the link's")
]
PUBLIC_REQUEST = "/v1/public/{tenant_slug}/privacy-requests/{reference}"
REFERENCE = re.compile(r"^PR-[0-9A-Fa-f]{10}$")
Reference = Annotated[str, Path(pattern=REFERENCE.pattern, description="the request's PR-...")]


class CodeEntry(BaseModel):
    code: str = Field(pattern=r"^\s*[0-9]{6,12}\s*$", description="the digits sent")


class VerificationAnswer(BaseModel):
    reference: str
    verified: bool


class CodeReceipt(BaseModel):
    reference: str


@router.post(
    f"{PUBLIC_REQUEST}/verification",
    responses={
        404: {"description": "no such tenant or request"},
        409: {"description": "too many wrong codes (`verification_locked`): ask for a new one"},
        429: {"description": "too many tries from this address"},
    },
)
def enter_code(
    tenant_slug: Slug,
    reference: Reference,
    body: CodeEntry,
    request: Request,
    services: ServicesDep,
) -> VerificationAnswer:
    """The code sent to the requester's address on record. A wrong code, an expired one and one
    used already are alike: 422 naming `code`; five wrong ones lock the request until a new
    code. A verified access request is answered with a one-time download link, sent to the
    verified address."""
    ctx = public_context(services, tenant_slug, request, services.limits.privacy_checks)
    request_id_ = _request(services, ctx, reference).id
    link = services.privacy_secrets.new_link(request_id_)
    digest = services.privacy_secrets.code_digest(request_id_, body.code)
    command = EnterCode(
        request_id=request_id_, code_digest=digest, link=link.secret, link_digest=link.digest
    )
    if not send(command, ctx, services.app).verified:
        raise InvalidValue("code", "the code is wrong, used already or expired")
    return VerificationAnswer(reference=reference.upper(), verified=True)


@router.post(
    f"{PUBLIC_REQUEST}/verification-code",
    status_code=202,
    responses={
        404: {"description": "no such tenant or request"},
        409: {"description": "verified already, resolved, or too many codes"},
        429: {"description": "too many tries from this address"},
    },
)
def new_code(
    tenant_slug: Slug, reference: Reference, request: Request, services: ServicesDep
) -> CodeReceipt:
    """Another code, to the same address on record as the first (and to no one when the first
    went to no one); the one before stops working."""
    ctx = public_context(services, tenant_slug, request, services.limits.privacy_checks)
    asked = _request(services, ctx, reference)
    code = services.privacy_secrets.new_code(asked.id)
    candidates = customers_at(services.read_store, ctx.tenant_id, asked.email, asked.phone)
    command = NewCode(
        request_id=asked.id,
        code=code.secret,
        code_digest=code.digest,
        candidates=tuple(candidates),
    )
    send(command, ctx, services.app)
    return CodeReceipt(reference=reference.upper())


@router.get(
    f"{DOWNLOADS}/{{token}}",
    responses={
        404: {"description": "no such link, or used, or expired (alike)"},
        429: {"description": "too many tries from this address"},
    },
)
def download(token: Token, request: Request, services: ServicesDep) -> CustomerExport:
    """The export of a verified access request, once, within 24 hours of the link's sending;
    each download and each refused try is on the request's record."""
    if (wait := services.limits.privacy_checks.hit(client_address(request))) is not None:
        raise TooManyAttempts(wait)
    request_id_ = request_of(token)
    asked = services.app.find(PrivacyRequest, request_id_) if request_id_ else None
    if request_id_ is None or asked is None:
        raise NotFound("download", "this link")
    ctx = RequestContext(tenant_id=asked.tenant_id, actor=PUBLIC, request_id=request_id(request))
    digest = services.privacy_secrets.link_digest(token)
    answer = send(DownloadExport(request_id=request_id_, link_digest=digest), ctx, services.app)
    if answer.customer_id is None:
        raise NotFound("download", "this link")
    system = RequestContext.system(asked.tenant_id, ctx.request_id)
    return customer_export(services.app, services.read_store, system, answer.customer_id)


@router.post("/v1/privacy-requests/{request_id}/verification", dependencies=[may(VerifyInPerson)])
def verify_in_person(request_id: UUID, body: InPersonCheck, write: WriterDep) -> Written:
    """The compliance officer checked the requester's identity themselves (the reason says how:
    at the desk, a call back to the number on record); 409 `already_verified` the second time."""
    return write(VerifyInPerson.from_body(body, request_id=request_id))


@router.post("/v1/privacy-requests/{request_id}/export-link", dependencies=[may(SendExportLink)])
def send_export_link(request_id: UUID, write: WriterDep, services: ServicesDep) -> Written:
    """A new one-time download link (the one before stops working) for a verified access request
    linked to a customer, sent to the address on the customer's record; 409 `request_unverified`
    or `no_export` otherwise."""
    link = services.privacy_secrets.new_link(request_id)
    return write(SendExportLink(request_id=request_id, link=link.secret, link_digest=link.digest))


def _request(services: ServicesDep, ctx: RequestContext, reference: str) -> PrivacyRequest:
    """The request the reference names in the tenant (404 when none does)."""
    try:
        return services.app.load(PrivacyRequest, request_id_for(ctx.tenant_id, reference), ctx)
    except NotFound:
        raise NotFound("privacy request", reference) from None
