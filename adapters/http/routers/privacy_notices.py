"""The tenant's privacy notice (POPIA s18): versions published by admins, each kept as it was;
the current one for anyone (the privacy page, the status page)."""

from uuid import UUID

from fastapi import APIRouter

from adapters.http.deps import ApplicationDep, QueryContext, ServicesDep, may
from adapters.http.writes import WriterDep
from commands.application import Aftersales
from commands.privacy_notices import (
    PrivacyNoticeForm,
    PrivacyNoticePublic,
    PublishedNotice,
    PublishPrivacyNotice,
    notice_public,
)
from domain.access import CUSTOMER_READERS, STAFF
from domain.context import SYSTEM, RequestContext
from domain.errors import InvalidValue
from domain.fields import Slug
from domain.privacy_notice import GivenNotice
from domain.refusals import NotFound
from domain.tenant import Tenant, tenant_id_for
from queries.pages import Page
from queries.privacy_notices import notices_given

router = APIRouter(tags=["privacy notices"])


@router.post(
    "/v1/tenant/privacy-notices", status_code=201, dependencies=[may(PublishPrivacyNotice)]
)
def publish(body: PrivacyNoticeForm, write: WriterDep) -> PublishedNotice:
    """A new version of the notice, with every part s18(1)(a)-(h) asks for (a part missing or
    empty: 422 naming it). Versions are numbered from 1 and never change; a new one replaces
    the current one for customers from now on."""
    return write(PublishPrivacyNotice.from_body(body))


@router.get("/v1/tenant/privacy-notices", dependencies=[may(STAFF)])
def versions(app: ApplicationDep, ctx: QueryContext) -> Page[PrivacyNoticePublic]:
    """Every version of the notice, oldest first (all of them: a tenant has few)."""
    return Page(items=notices_of(app, ctx), next_cursor=None)


@router.get(
    "/v1/public/{tenant_slug}/privacy-notice",
    responses={404: {"description": "no such tenant, or it published no notice"}},
)
def current(tenant_slug: Slug, services: ServicesDep) -> PrivacyNoticePublic:
    """The notice customers are given now: the latest version."""
    notices = notices_of(services.app, public_tenant(tenant_slug))
    if not notices:
        raise NotFound("privacy notice", tenant_slug)
    return notices[-1]


@router.get("/v1/customers/{customer_id}/privacy-notices", dependencies=[may(CUSTOMER_READERS)])
def given(customer_id: UUID, app: ApplicationDep, ctx: QueryContext) -> Page[GivenNotice]:
    """The versions of the notice the customer was given (`how`: `desk` or `status_page`) and
    when, oldest first."""
    return Page(items=notices_given(app, ctx, customer_id), next_cursor=None)


def notices_of(app: Aftersales, ctx: RequestContext) -> list[PrivacyNoticePublic]:
    """The tenant's notices as its log holds them (no read model keeps tenants)."""
    return [notice_public(n) for n in app.load(Tenant, ctx.tenant_id, ctx).notices]


def public_tenant(tenant_slug: str) -> RequestContext:
    """The context for reading what a tenant shows the public (its slug's tenant)."""
    try:
        return RequestContext(tenant_id=tenant_id_for(tenant_slug), actor=SYSTEM)
    except InvalidValue:
        raise NotFound("tenant", tenant_slug) from None
