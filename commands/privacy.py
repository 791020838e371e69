"""The rights of data subjects that forget: erasure, legal holds, and retention's policy."""

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, StrictBool

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from domain.access import ADMIN, COMPLIANCE
from domain.context import RequestContext
from domain.customer import Customer
from domain.erasure import ErasureGround
from domain.errors import CustomerMerged, LegalHoldInForce
from domain.fields import Reason
from domain.tenant import Tenant
from domain.tenant_policies import MAX_RETENTION_DAYS, RetentionPolicy
from domain.ticket import Ticket

Days = Annotated[int | None, Field(strict=True, ge=1, le=MAX_RETENTION_DAYS)]


class Erasure(Body):
    """Why: a ground, kept for ever (`other` unless said), and a reason, sealed under the
    person's key and so unreadable from the erasure on (it may name them)."""

    ground: ErasureGround = ErasureGround.OTHER
    reason: Reason | None = None


class EraseCustomer(Erasure, Command[Written]):
    may = COMPLIANCE
    customer_id: UUID


@handler
def erase_customer(cmd: EraseCustomer, ctx: RequestContext, app: Aftersales) -> Written:
    """Destroy the person's keys and record why; read models drop their plaintext at once.
    The duplicates merged into the customer are erased with them, in the same transaction; a
    merged duplicate is not erased alone."""
    customer = app.load_for_change(Customer, cmd.customer_id, ctx)
    if customer.merged_into is not None:
        raise CustomerMerged(f"erase the customer it was merged into, {customer.merged_into}")
    duplicates = [app.load(Customer, duplicate, ctx) for duplicate in customer.merged]
    for person in (customer, *duplicates):
        person.erase(cmd.ground, cmd.reason)
    return app.commit(ctx, customer, *duplicates, erases=(customer.id, *customer.merged))


class LegalHold(Body):
    held: StrictBool
    reason: Reason


class HoldCustomer(LegalHold, Command[Written]):
    may = COMPLIANCE
    customer_id: UUID


@handler
def hold_customer(cmd: HoldCustomer, ctx: RequestContext, app: Aftersales) -> Written:
    customer = app.load_for_change(Customer, cmd.customer_id, ctx)
    customer.hold(cmd.held, cmd.reason)
    return app.commit(ctx, customer)


class DeidentifyTicket(Command[Written]):
    """Retention's work (the `system` actor): no staff role may ask for it."""

    ticket_id: UUID
    reason: Reason


@handler
def deidentify_ticket(cmd: DeidentifyTicket, ctx: RequestContext, app: Aftersales) -> Written:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    if app.load(Customer, ticket.customer_id, ctx).legal_hold:
        raise LegalHoldInForce("the ticket's customer is under a legal hold")
    ticket.deidentify(cmd.reason)
    return app.commit(ctx, ticket, deidentifies=ticket.id)


class RetentionDays(BaseModel):
    """Days to keep customers with no open ticket and no activity, and the free text of closed
    tickets; null keeps them."""

    customer_days: Days = None
    ticket_text_days: Days = None


class RetentionChange(RetentionDays, Body):
    pass


class SetRetention(RetentionChange, Command[Written]):
    may = ADMIN


@handler
def set_retention(cmd: SetRetention, ctx: RequestContext, app: Aftersales) -> Written:
    tenant = app.load_for_change(Tenant, ctx.tenant_id, ctx)
    tenant.set_retention(RetentionPolicy(cmd.customer_days, cmd.ticket_text_days))
    return app.commit(ctx, tenant)
