"""A tenant's public privacy page, `/privacy/{slug}`: no sign-in, no staff navigation. It shows
the current privacy notice and takes the public privacy requests the API takes, answering with
the reference and the due date and then the code entry form (the proof of identity).

Its forms are the API's routes' bodies, sent through those routes' own functions, each with
the public forms' CSRF proof (adapters/web/public_forms.py)."""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from adapters.bootstrap import Services
from adapters.http.deps import ServicesDep
from adapters.http.routers import privacy_requests, privacy_verification
from adapters.http.routers.privacy_notices import public_tenant
from adapters.web import forms, public_forms
from adapters.web.desk import refusal
from adapters.web.rendering import TEMPLATES
from commands.privacy_notices import notice_public
from commands.privacy_requests import PrivacyRequestForm
from domain.errors import DomainError, InvalidValue
from domain.fields import Slug
from domain.privacy_request import RequestKind
from domain.refusals import NotFound, Refused
from domain.tenant import Tenant

router = APIRouter(include_in_schema=False)
KINDS = [
    (RequestKind.ACCESS.value, "See the information held about me"),
    (RequestKind.CORRECTION.value, "Correct my information"),
    (RequestKind.DELETION.value, "Delete my information"),
    (RequestKind.OBJECTION.value, "Object to the processing of my information"),
    (RequestKind.WITHDRAW_CONSENT.value, "Withdraw my consent to messages"),
]


@router.get("/privacy/{slug}", response_class=HTMLResponse)
async def privacy_page(slug: Slug, request: Request, services: ServicesDep) -> Response:
    return await _page(request, services, slug, "privacy/page.html")


@router.post("/privacy/{slug}/requests", response_class=HTMLResponse)
async def ask(slug: Slug, request: Request, services: ServicesDep) -> Response:
    """The request, as the API takes it; then the reference, the due date and the code form."""
    await public_forms.genuine(request, services)
    try:
        body = await forms.posted(request, PrivacyRequestForm)
        receipt = await run_in_threadpool(
            privacy_requests.submit_privacy_request, slug, body, request, services
        )
    except (ValidationError, InvalidValue, DomainError, Refused) as exc:
        if isinstance(exc, NotFound):
            raise
        return await _page(request, services, slug, "privacy/page.html", exc)
    values: dict[str, Any] = {"reference": receipt.reference, "due_by": receipt.due_by}
    return await _page(request, services, slug, "privacy/code.html", **values)


@router.post("/privacy/{slug}/requests/{reference}/verification", response_class=HTMLResponse)
async def verify(slug: Slug, reference: str, request: Request, services: ServicesDep) -> Response:
    """The code entered: verified, or the code form again saying why not."""
    return await _code_step(request, services, slug, reference, _entered)


@router.post("/privacy/{slug}/requests/{reference}/verification-code", response_class=HTMLResponse)
async def new_code(slug: Slug, reference: str, request: Request, services: ServicesDep) -> Response:
    """Another code, and the code form again."""
    return await _code_step(request, services, slug, reference, _new_code)


def _entered(slug: str, reference: str, request: Request, services: Services, code: str) -> str:
    body = privacy_verification.CodeEntry(code=code)
    privacy_verification.enter_code(slug, reference, body, request, services)
    return "privacy/verified.html"


def _new_code(slug: str, reference: str, request: Request, services: Services, code: str) -> str:
    privacy_verification.new_code(slug, reference, request, services)
    return "privacy/code.html"


async def _code_step(
    request: Request,
    services: Services,
    slug: str,
    reference: str,
    step: Callable[[str, str, Request, Services, str], str],
) -> Response:
    await public_forms.genuine(request, services)
    code = (await forms.given(request, "code")) or ""
    values: dict[str, Any] = {"reference": reference, "sent": step is _new_code}
    try:
        if not privacy_verification.REFERENCE.fullmatch(reference):
            raise NotFound("privacy request", reference)
        template = await run_in_threadpool(step, slug, reference, request, services, code)
    except (ValidationError, InvalidValue, DomainError, Refused) as exc:
        if isinstance(exc, NotFound):
            raise
        return await _page(request, services, slug, "privacy/code.html", exc, **values)
    return await _page(request, services, slug, template, **values)


async def _page(
    request: Request,
    services: Services,
    slug: str,
    template: str,
    exc: Exception | None = None,
    **values: Any,
) -> HTMLResponse:
    """The page, with the tenant's current notice (404 for a slug that names no tenant) and a
    fresh form proof; a refusal shown with its messages by field and what was typed."""
    ctx = public_tenant(slug)
    tenant = await run_in_threadpool(services.app.load, Tenant, ctx.tenant_id, ctx)
    why = await refusal(request, exc) if exc is not None else None
    proof = public_forms.proof_of(request)
    values |= {
        "slug": slug,
        "business": tenant.name,
        "notice": notice_public(tenant.notices[-1]) if tenant.notices else None,
        "kinds": KINDS,
        "csrf": public_forms.digest(services, proof),
        "refusal": why,
        "errors": why.fields if why else {},
        "typed": await forms.typed(request) if why and request.method == "POST" else {},
    }
    status = why.status if why else 200
    page = TEMPLATES.TemplateResponse(request, template, values, status)
    public_forms.keep(page, request, proof, "/privacy/")
    return page
