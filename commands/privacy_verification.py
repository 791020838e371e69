"""Proof of identity for privacy requests: the one-time code sent to the address on record for
the person the requester says they are (or to no one, answered alike), the code entered, a
compliance officer's check in person, and an access request's one-time export link.

The HTTP adapter makes the secrets (adapters/privacy_secrets.py) and finds the customers whose
record holds the address given (the customer directory); here each candidate is checked against
the customer as they are now, and a code goes only to an address that matches the record."""

from datetime import UTC, datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from pydantic import Field

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from domain.access import COMPLIANCE
from domain.context import RequestContext
from domain.customer import Customer
from domain.errors import PersonalDataErased
from domain.fields import Reason
from domain.message import Message
from domain.message_values import EXPORT_LINK, VERIFICATION, Content
from domain.privacy_request import NoExport, PrivacyRequest, RequestKind
from domain.privacy_verification import CODE_LIFETIME
from domain.tenant import Tenant
from domain.values import ContactChannel


class CodeSent(Body):
    """What was sent: the code and its digest, for the candidates' address that matches."""

    code: str = Field(min_length=1, max_length=64)
    code_digest: str
    candidates: tuple[UUID, ...] = ()


def issue_code(
    app: Aftersales, request: PrivacyRequest, sent: CodeSent, now: datetime
) -> list[Aggregate]:
    """A new code for the request, and the message that takes it to the address on record
    that the requester gave (none when no record holds it)."""
    match = _on_record(app, request, sent.candidates)
    if match is None:
        request.issue_code(sent.code_digest, now, None, None)
        return []
    customer, channel, address = match
    request.issue_code(sent.code_digest, now, customer.id, channel.value)
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    text = (
        f"Your code for privacy request {request.reference} at {_business(app, request)} is "
        f"{sent.code}. It works once, for {minutes} minutes. If you did not ask, ignore this."
    )
    subject = f"Your code for {request.reference}"
    return [_message(request, customer.id, channel, address, VERIFICATION, subject, text)]


class NewCode(CodeSent, Command[Written]):
    """Another code for a request whose code expired or was locked by wrong tries."""

    public = True
    request_id: UUID


@handler
def send_new_code(cmd: NewCode, ctx: RequestContext, app: Aftersales) -> Written:
    request = app.load_for_change(PrivacyRequest, cmd.request_id, ctx)
    messages = issue_code(app, request, cmd, datetime.now(UTC))
    return app.commit(ctx, request, *messages)


class Verification(Written):
    verified: bool


class LinkIssued(Body):
    """The download link to send once an access request is verified, and its digest."""

    link: str
    link_digest: str


class EnterCode(LinkIssued, Command[Verification]):
    public = True
    request_id: UUID
    code_digest: str


@handler
def enter_code(cmd: EnterCode, ctx: RequestContext, app: Aftersales) -> Verification:
    request = app.load_for_change(PrivacyRequest, cmd.request_id, ctx)
    now = datetime.now(UTC)
    verified = request.enter_code(cmd.code_digest, now)
    answers = verified and request.kind is RequestKind.ACCESS
    messages = [_export_link(app, ctx, request, cmd, now)] if answers else []
    written: Written = app.commit(ctx, request, *messages)
    if verified and request.customer_id is not None:
        app.adopt_key(request.id, request.customer_id)
    return Verification(**written.model_dump(), verified=verified)


class InPersonCheck(Body):
    reason: Reason


class VerifyInPerson(InPersonCheck, Command[Written]):
    """A compliance officer checked the requester's identity (at the desk, on a call back to
    the number on record): the reason says how."""

    may = COMPLIANCE
    request_id: UUID


@handler
def verify_in_person(cmd: VerifyInPerson, ctx: RequestContext, app: Aftersales) -> Written:
    request = app.load_for_change(PrivacyRequest, cmd.request_id, ctx)
    request.verify_in_person(cmd.reason)
    return app.commit(ctx, request)


class SendExportLink(LinkIssued, Command[Written]):
    """The export link again (or first, for a request verified in person), to the address on
    the linked customer's record."""

    may = COMPLIANCE
    request_id: UUID


@handler
def send_export_link(cmd: SendExportLink, ctx: RequestContext, app: Aftersales) -> Written:
    request = app.load_for_change(PrivacyRequest, cmd.request_id, ctx)
    message = _export_link(app, ctx, request, cmd, datetime.now(UTC))
    return app.commit(ctx, request, message)


class DownloadAnswer(Written):
    customer_id: UUID | None  # whose export to give; None: the link opens nothing


class DownloadExport(Command[DownloadAnswer]):
    public = True
    request_id: UUID
    link_digest: str


@handler
def download_export(cmd: DownloadExport, ctx: RequestContext, app: Aftersales) -> DownloadAnswer:
    request = app.load_for_change(PrivacyRequest, cmd.request_id, ctx)
    customer_id = request.download(cmd.link_digest, datetime.now(UTC))
    written: Written = app.commit(ctx, request)
    return DownloadAnswer(**written.model_dump(), customer_id=customer_id)


def _export_link(
    app: Aftersales, ctx: RequestContext, request: PrivacyRequest, issued: LinkIssued, now: datetime
) -> Message:
    """The message taking the export link to the verified address (refused unless the request
    is a verified access request linked to a customer)."""
    message_id = uuid4()
    customer_id = request.send_export_link(issued.link_digest, now, message_id)
    customer = app.load(Customer, customer_id, ctx)
    channel, address = _address_of(customer, request)
    text = (
        f"The information {_business(app, request)} holds about you (request "
        f"{request.reference}) can be downloaded once, within 24 hours: {issued.link}"
    )
    subject = f"Your information: {request.reference}"
    return _message(request, customer.id, channel, address, EXPORT_LINK, subject, text, message_id)


def _on_record(
    app: Aftersales, request: PrivacyRequest, candidates: tuple[UUID, ...]
) -> tuple[Customer, ContactChannel, str] | None:
    """The first candidate whose record holds the email (else the phone) the requester gave."""
    for customer_id in candidates:
        customer = app.find(Customer, customer_id)
        if customer is None or customer.tenant_id != request.tenant_id or customer.erased:
            continue
        if request.email and (customer.email or "").lower() == request.email.lower():
            return customer, ContactChannel.EMAIL, customer.email or ""
        if request.phone and customer.phone == request.phone:
            return customer, ContactChannel.SMS, customer.phone
    return None


def _address_of(customer: Customer, request: PrivacyRequest) -> tuple[ContactChannel, str]:
    """Where the verified requester is answered: the record's email when they gave an email
    (or the record has no phone), else the record's phone."""
    if customer.erased:
        raise PersonalDataErased("the customer is erased")
    if customer.email and (request.email or not customer.phone):
        return ContactChannel.EMAIL, customer.email
    if customer.phone:
        return ContactChannel.SMS, customer.phone
    raise NoExport("the customer's record holds no address to send the link to")


def _message(
    request: PrivacyRequest,
    customer_id: UUID,
    channel: ContactChannel,
    to: str,
    purpose: str,
    subject: str,
    text: str,
    message_id: UUID | None = None,
) -> Message:
    return Message.queue(
        message_id=message_id or uuid4(),
        tenant_id=request.tenant_id,
        customer_id=customer_id,
        ticket_id=None,
        channel=channel,
        purpose=purpose,
        to=to,
        content=Content(text, subject if channel is ContactChannel.EMAIL else None),
    )


def _business(app: Aftersales, request: PrivacyRequest) -> str:
    tenant = app.find(Tenant, request.tenant_id)
    return tenant.name if tenant is not None else "the business"
