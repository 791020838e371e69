"""The tenant's billing: the VAT rate and currency its quotes are drafted in."""

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from domain.access import ADMIN
from domain.context import RequestContext
from domain.money import AMOUNT, Billing, rate_points, written
from domain.tenant import Tenant

Rate = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=AMOUNT),
    Field(description='a percentage from 0 to 100 as a string, such as "15.00"'),
]
Currency = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{3}$"),
    Field(description="an ISO 4217 code, such as ZAR"),
]


class BillingSettings(Body):
    vat_rate: Rate
    currency: Currency


class BillingPublic(BaseModel):
    """The VAT rate and currency of new quotes (15.00% and ZAR until the admin sets them)."""

    vat_rate: str
    currency: str

    @classmethod
    def of(cls, billing: Billing) -> "BillingPublic":
        return cls(vat_rate=written(billing.vat_rate), currency=billing.currency)


class SetBilling(BillingSettings, Command[Written]):
    may = ADMIN


@handler
def set_billing(cmd: SetBilling, ctx: RequestContext, app: Aftersales) -> Written:
    tenant = app.load_for_change(Tenant, ctx.tenant_id, ctx)
    tenant.set_billing(Billing(rate_points(cmd.vat_rate), cmd.currency))
    return app.commit(ctx, tenant)


def billing_of(app: Aftersales, ctx: RequestContext) -> BillingPublic:
    """The tenant's billing as its log holds it (tenants are few; no read model keeps them)."""
    return BillingPublic.of(app.load(Tenant, ctx.tenant_id, ctx).billing)
