"""Privacy requests: a data subject asks (no login needed); compliance officers answer in time."""

from datetime import UTC, datetime
from uuid import UUID

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from commands.privacy_verification import CodeSent, send_code
from domain.access import COMPLIANCE
from domain.context import RequestContext
from domain.customer import Customer
from domain.errors import InvalidValue, PersonalDataErased
from domain.fields import Email, Name, Phone, Reason, Text
from domain.identity_check import IdentityCheck
from domain.privacy_request import PrivacyRequest, RequestKind, RequestOutcome
from domain.refusals import NotFound


class PrivacyRequestForm(Body):
    kind: RequestKind
    name: Name
    email: Email | None = None
    phone: Phone | None = None
    details: Text | None = None


class ReceivedRequest(Written):
    reference: str
    due_by: datetime


class SubmitPrivacyRequest(PrivacyRequestForm, Command[ReceivedRequest]):
    """The request, with its reference and its first code (commands/privacy_verification.py)
    when the adapter made them."""

    public = True
    reference: str | None = None
    first_code: CodeSent | None = None


@handler
def submit_privacy_request(
    cmd: SubmitPrivacyRequest, ctx: RequestContext, app: Aftersales
) -> ReceivedRequest:
    now = datetime.now(UTC)
    request = PrivacyRequest.receive(
        tenant_id=ctx.tenant_id,
        kind=cmd.kind,
        name=cmd.name,
        email=cmd.email,
        phone=cmd.phone,
        details=cmd.details,
        now=now,
        reference=cmd.reference,
    )
    check = IdentityCheck.start(ctx.tenant_id, request.id)
    sent = send_code(app, request, check, cmd.first_code) if cmd.first_code else []
    answer = ReceivedRequest(
        id=request.id, version=request.version, reference=request.reference, due_by=request.due_by
    )
    return app.commit(ctx, request, *sent, answer=answer)


class Extension(Body):
    reason: Reason


class ExtendPrivacyRequest(Extension, Command[Written]):
    may = COMPLIANCE
    request_id: UUID


@handler
def extend_privacy_request(
    cmd: ExtendPrivacyRequest, ctx: RequestContext, app: Aftersales
) -> Written:
    request = app.load_for_change(PrivacyRequest, cmd.request_id, ctx)
    request.extend(cmd.reason)
    return app.commit(ctx, request)


class CustomerLink(Body):
    customer_id: UUID


class LinkPrivacyRequest(CustomerLink, Command[Written]):
    may = COMPLIANCE
    request_id: UUID


@handler
def link_privacy_request(cmd: LinkPrivacyRequest, ctx: RequestContext, app: Aftersales) -> Written:
    """Link the request to the customer it is about; the customer's erasure then erases the
    requester's details too."""
    request = app.load_for_change(PrivacyRequest, cmd.request_id, ctx)
    _link(app, ctx, request, cmd.customer_id)
    written: Written = app.commit(ctx, request)
    app.adopt_key(request.id, cmd.customer_id)
    return written


class PrivacyRequestResolution(Body):
    outcome: RequestOutcome
    customer_id: UUID | None = None
    note: Reason


class ResolvePrivacyRequest(PrivacyRequestResolution, Command[Written]):
    may = COMPLIANCE
    request_id: UUID


@handler
def resolve_privacy_request(
    cmd: ResolvePrivacyRequest, ctx: RequestContext, app: Aftersales
) -> Written:
    request = app.load_for_change(PrivacyRequest, cmd.request_id, ctx)
    if cmd.customer_id is not None:
        _link(app, ctx, request, cmd.customer_id)
    request.resolve(cmd.outcome, cmd.note)
    written: Written = app.commit(ctx, request)
    if request.customer_id is not None:
        app.adopt_key(request.id, request.customer_id)
    return written


def _link(app: Aftersales, ctx: RequestContext, request: PrivacyRequest, customer_id: UUID) -> None:
    try:
        customer = app.load(Customer, customer_id, ctx)
    except NotFound:
        raise InvalidValue("customer_id", "no such customer") from None
    if customer.erased:
        raise PersonalDataErased("the customer is erased")
    request.link(customer.id)
