"""The satisfaction question (optional per tenant): a closed ticket's status page asks its
customer to rate the repair, 1 to 5, with a comment if they like; once per ticket."""

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, StrictBool

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler, send
from commands.customer_choices import as_customer
from commands.fields import Body
from domain.access import ADMIN
from domain.context import RequestContext
from domain.fields import Text
from domain.refusals import Conflict
from domain.tenant import Tenant
from domain.ticket import Ticket


class SatisfactionQuestion(BaseModel):
    asked: StrictBool = Field(description="whether closed tickets' status pages ask for a rating")


class SatisfactionSetting(SatisfactionQuestion, Body):
    pass


class SetSatisfactionQuestion(SatisfactionSetting, Command[Written]):
    may = ADMIN


@handler
def set_satisfaction_question(
    cmd: SetSatisfactionQuestion, ctx: RequestContext, app: Aftersales
) -> Written:
    tenant = app.load_for_change(Tenant, ctx.tenant_id, ctx)
    tenant.ask_satisfaction(cmd.asked)
    return app.commit(ctx, tenant)


def satisfaction_question(app: Aftersales, ctx: RequestContext) -> SatisfactionQuestion:
    """The tenant's setting as its log holds it (tenants are few; no read model keeps them)."""
    return SatisfactionQuestion(asked=app.load(Tenant, ctx.tenant_id, ctx).satisfaction_asked)


Rating = Annotated[int, Field(strict=True, ge=1, le=5)]


class RateSatisfaction(Command[Written]):
    """The customer's rating (no staff role: their status page sends it for its ticket)."""

    public = True
    ticket_id: UUID
    rating: Rating
    comment: Text | None = None


@handler
def rate_satisfaction(cmd: RateSatisfaction, ctx: RequestContext, app: Aftersales) -> Written:
    if not app.load(Tenant, ctx.tenant_id, ctx).satisfaction_asked:
        raise Conflict("satisfaction_not_asked", "this shop does not ask for ratings")
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.rate_satisfaction(cmd.rating, cmd.comment)
    return app.commit(ctx, ticket)


def rate_as_customer(
    app: Aftersales, tenant_id: UUID, ticket_id: UUID, rating: int, comment: str | None
) -> Written:
    """Record the customer's rating, made on their status page."""
    command = RateSatisfaction(ticket_id=ticket_id, rating=rating, comment=comment)
    return send(command, as_customer(tenant_id, "status_page"), app)
