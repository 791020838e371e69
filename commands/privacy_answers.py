"""What a privacy request's requester is sent: its codes and its export link, as messages to the
address on the customer's record (domain/message_values.py's PRIVACY_ANSWERS go whatever the
consents: the requester asked for them); and the export link, sent and downloaded."""

from datetime import UTC, datetime
from uuid import UUID, uuid4

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from domain.access import COMPLIANCE
from domain.context import RequestContext
from domain.customer import Customer
from domain.errors import PersonalDataErased
from domain.identity_check import IdentityCheck, identity_check_id_for
from domain.message import Message
from domain.message_values import EXPORT_LINK, Content
from domain.privacy_request import PrivacyRequest
from domain.privacy_verification import NoExport
from domain.tenant import Tenant
from domain.values import ContactChannel


def answer(
    app: Aftersales,
    request: PrivacyRequest,
    customer: Customer,
    channel: ContactChannel,
    purpose: str,
    subject: str,
    text: str,
) -> Message:
    """The message to the customer's address on record on the channel."""
    if customer.erased:
        raise PersonalDataErased("the customer is erased")
    to = customer.email if channel is ContactChannel.EMAIL else customer.phone
    if not to:
        raise NoExport(f"the customer's record holds no address for {channel}")
    return Message.queue(
        message_id=uuid4(),
        tenant_id=request.tenant_id,
        customer_id=customer.id,
        ticket_id=None,
        channel=channel,
        purpose=purpose,
        to=to,
        content=Content(text, subject if channel is ContactChannel.EMAIL else None),
    )


def business_of(app: Aftersales, request: PrivacyRequest) -> str:
    tenant = app.find(Tenant, request.tenant_id)
    return tenant.name if tenant is not None else "the business"


def check_of(app: Aftersales, request: PrivacyRequest) -> IdentityCheck:
    """The request's identity check (a new one for a request that has none yet)."""
    found = app.find(IdentityCheck, identity_check_id_for(request.id))
    return found or IdentityCheck.start(request.tenant_id, request.id)


class LinkIssued(Body):
    """The download link to send, and its keyed digest (adapters/privacy_secrets.py)."""

    link: str
    link_digest: str


def export_link(
    app: Aftersales,
    ctx: RequestContext,
    request: PrivacyRequest,
    check: IdentityCheck,
    issued: LinkIssued,
) -> Message:
    """The export link for a verified access request, to the email on the customer's record
    when the requester gave an email (or the record holds no phone), else to its phone."""
    customer = app.load(Customer, request.expect_export(), ctx)
    by_email = bool(customer.email) and (bool(request.email) or not customer.phone)
    channel = ContactChannel.EMAIL if by_email else ContactChannel.SMS
    text = (
        f"The information {business_of(app, request)} holds about you (request "
        f"{request.reference}) can be downloaded once, within 24 hours: {issued.link}"
    )
    subject = f"Your information: {request.reference}"
    message = answer(app, request, customer, channel, EXPORT_LINK, subject, text)
    check.send_link(issued.link_digest, datetime.now(UTC), customer.id, message.id)
    return message


class SendExportLink(LinkIssued, Command[Written]):
    """A new export link (the one before stops working), for a request verified by code or in
    person and linked to the customer."""

    may = COMPLIANCE
    request_id: UUID


@handler
def send_export_link(cmd: SendExportLink, ctx: RequestContext, app: Aftersales) -> Written:
    request = app.load(PrivacyRequest, cmd.request_id, ctx)
    request.expect_export()
    check = check_of(app, request)
    message = export_link(app, ctx, request, check, cmd)
    written: Written = app.commit(ctx, check, message)
    return Written(id=request.id, version=request.version, position=written.position)


class DownloadAnswer(Written):
    customer_id: UUID | None  # whose export to give; None: the link opens nothing


class DownloadExport(Command[DownloadAnswer]):
    public = True
    request_id: UUID
    link_digest: str


@handler
def download_export(cmd: DownloadExport, ctx: RequestContext, app: Aftersales) -> DownloadAnswer:
    """The customer whose export the link opens, once (a verified request's only); each try
    is recorded."""
    check = app.load_for_change(IdentityCheck, identity_check_id_for(cmd.request_id), ctx)
    customer_id = check.download(cmd.link_digest, datetime.now(UTC))
    written: Written = app.commit(ctx, check)
    return DownloadAnswer(**written.model_dump(), customer_id=customer_id)
