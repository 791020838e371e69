"""The customer's own choices about their information, made on their status page: withdrawing
their consent to a channel, objecting to processing. Each is recorded as the customer's own act
(actor `customer:<channel>`), by the same events staff record (Customer.ConsentRecorded with
granted false, Customer.ObjectionRecorded), so the next message obeys it."""

from uuid import UUID

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler, send
from domain.context import RequestContext, request_id_or_new
from domain.customer import Customer
from domain.values import ContactChannel

ON_THE_STATUS_PAGE = "status page"  # the source of a withdrawal the customer made there
OBJECTED_ON_THE_STATUS_PAGE = "the customer objected on their status page"


def as_customer(tenant_id: UUID, channel: str, request_id: str | None = None) -> RequestContext:
    """The context of a customer's own act on a channel (the status page, a reply)."""
    request = request_id_or_new(request_id)
    return RequestContext(tenant_id=tenant_id, actor=f"customer:{channel}", request_id=request)


class WithdrawConsent(Command[Written]):
    """The customer withdraws their consent to messages on a channel (no staff role: the
    status page sends it for the customer whose link it is)."""

    public = True
    customer_id: UUID
    channel: ContactChannel


@handler
def withdraw_consent(cmd: WithdrawConsent, ctx: RequestContext, app: Aftersales) -> Written:
    customer = app.load_for_change(Customer, cmd.customer_id, ctx)
    customer.record_consent(cmd.channel, False, ON_THE_STATUS_PAGE)
    return app.commit(ctx, customer)


class ObjectToProcessing(Command[Written]):
    """The customer objects to the processing of their information: no messages from now."""

    public = True
    customer_id: UUID


@handler
def object_to_processing(cmd: ObjectToProcessing, ctx: RequestContext, app: Aftersales) -> Written:
    customer = app.load_for_change(Customer, cmd.customer_id, ctx)
    customer.record_objection(OBJECTED_ON_THE_STATUS_PAGE)
    return app.commit(ctx, customer)


def choose_as_customer(
    app: Aftersales,
    tenant_id: UUID,
    choice: WithdrawConsent | ObjectToProcessing,
    request_id: str | None = None,
) -> Written:
    """Record the customer's own choice, made on their status page."""
    return send(choice, as_customer(tenant_id, "status_page", request_id), app)
