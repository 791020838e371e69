"""The shop's details its customers see on a ticket's status page: contact and opening hours."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from domain.access import ADMIN
from domain.context import RequestContext
from domain.fields import Email, Label, Phone
from domain.shop import CLOCK, OpeningHours, ShopDetails, Weekday
from domain.tenant import Tenant

Clock = Annotated[
    str, StringConstraints(pattern=CLOCK.pattern), Field(examples=["08:00"], description="HH:MM")
]


class DayHours(BaseModel):
    """Open from `opens` to `closes` (24-hour "HH:MM"), opening first."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    opens: Clock
    closes: Clock


class WeekHours(BaseModel):
    """Each weekday's hours; null (or left out): closed that day."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    mon: DayHours | None = None
    tue: DayHours | None = None
    wed: DayHours | None = None
    thu: DayHours | None = None
    fri: DayHours | None = None
    sat: DayHours | None = None
    sun: DayHours | None = None


class ShopDetailsChange(Body):
    """The business's own contact (each optional) and its opening hours."""

    phone: Phone | None = None
    email: Email | None = None
    address: Label | None = None
    hours: WeekHours = WeekHours()

    def details(self) -> ShopDetails:
        hours = {
            day: OpeningHours(given.opens, given.closes)
            for day in Weekday
            if (given := getattr(self.hours, day.value)) is not None
        }
        return ShopDetails(self.phone, self.email, self.address, hours)


class SetShopDetails(ShopDetailsChange, Command[Written]):
    may = ADMIN


@handler
def set_shop_details(cmd: SetShopDetails, ctx: RequestContext, app: Aftersales) -> Written:
    tenant = app.load_for_change(Tenant, ctx.tenant_id, ctx)
    tenant.set_shop_details(cmd.details())
    return app.commit(ctx, tenant)
