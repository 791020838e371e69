"""The caller's tenant: the business's name, which what the desk prints names as the shop, and
the shop's details its customers see (contact and opening hours)."""

from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from adapters.http.deps import ApplicationDep, QueryContext, may
from adapters.http.writes import WriterDep
from commands.answers import Written
from commands.application import Aftersales
from commands.billing import BillingPublic, BillingSettings, SetBilling, billing_of
from commands.satisfaction import (
    SatisfactionQuestion,
    SatisfactionSetting,
    SetSatisfactionQuestion,
    satisfaction_question,
)
from commands.shop_details import SetShopDetails, ShopDetailsChange
from domain.access import STAFF
from domain.context import RequestContext
from domain.shop import hours_as_data
from domain.tenant import Tenant

router = APIRouter(prefix="/v1", tags=["identity"])


class TenantPublic(BaseModel):
    id: UUID
    name: str
    slug: str


def tenant_of(app: Aftersales, ctx: RequestContext) -> TenantPublic:
    """The caller's tenant as its log holds it (no read model keeps tenants: they are few,
    and their events are the tenant's own)."""
    tenant = app.load(Tenant, ctx.tenant_id, ctx)
    return TenantPublic(id=tenant.id, name=tenant.name, slug=tenant.slug)


@router.get("/tenant", dependencies=[may(STAFF)])
def get_tenant(app: ApplicationDep, ctx: QueryContext) -> TenantPublic:
    """The caller's business: its name and the slug of its public addresses."""
    return tenant_of(app, ctx)


@router.get("/tenant/billing", dependencies=[may(STAFF)])
def get_billing(app: ApplicationDep, ctx: QueryContext) -> BillingPublic:
    """The VAT rate and currency new quotes are drafted in (15.00% and ZAR until set)."""
    return billing_of(app, ctx)


@router.put("/tenant/billing", dependencies=[may(SetBilling)])
def set_billing(body: BillingSettings, write: WriterDep) -> Written:
    """Set the VAT rate (a percentage string, 0 to 100, two decimals at most) and currency."""
    return write(SetBilling.from_body(body))


class ShopDetailsPublic(ShopDetailsChange):
    """The shop's details as set (all empty and closed every day until an admin sets them)."""


def shop_of(app: Aftersales, ctx: RequestContext) -> ShopDetailsPublic:
    shop = app.load(Tenant, ctx.tenant_id, ctx).shop
    details = {"phone": shop.phone, "email": shop.email, "address": shop.address}
    return ShopDetailsPublic.model_validate(details | {"hours": hours_as_data(shop.hours)})


@router.get("/tenant/shop", dependencies=[may(STAFF)])
def get_shop(app: ApplicationDep, ctx: QueryContext) -> ShopDetailsPublic:
    """The shop's contact and opening hours, as the tenant's log holds them now."""
    return shop_of(app, ctx)


@router.put("/tenant/shop", dependencies=[may(SetShopDetails)])
def set_shop(body: ShopDetailsChange, write: WriterDep) -> Written:
    """The shop's contact (phone, email, address; each optional) and its opening hours per
    weekday (`{opens, closes}`, or null: closed), shown on its tickets' status pages."""
    return write(SetShopDetails.from_body(body))


@router.get("/tenant/satisfaction", dependencies=[may(STAFF)])
def get_satisfaction(app: ApplicationDep, ctx: QueryContext) -> SatisfactionQuestion:
    """Whether closed tickets' status pages ask their customers to rate the repair (not until
    an admin sets it)."""
    return satisfaction_question(app, ctx)


@router.put("/tenant/satisfaction", dependencies=[may(SetSatisfactionQuestion)])
def set_satisfaction(body: SatisfactionSetting, write: WriterDep) -> Written:
    """Ask, or stop asking, closed tickets' customers for a rating (1 to 5) and a comment."""
    return write(SetSatisfactionQuestion.from_body(body))
