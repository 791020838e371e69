"""Proof of identity for privacy requests: the one-time code sent to the address on record for
the person the requester says they are (or to no one, answered alike), the code entered, and a
compliance officer's check in person.

The HTTP adapter makes the secrets (adapters/privacy_secrets.py) and finds the customers whose
record holds the address given (the customer directory); here each candidate is checked against
the customer as they are now, and a code goes only to an address that matches the record."""

from datetime import UTC, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate
from pydantic import Field

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from commands.privacy_answers import LinkIssued, answer, business_of, check_of, export_link
from domain.access import COMPLIANCE
from domain.context import RequestContext
from domain.customer import Customer
from domain.fields import Reason
from domain.identity_check import IdentityCheck
from domain.message_values import VERIFICATION
from domain.privacy_request import PrivacyRequest, RequestKind
from domain.privacy_verification import CODE_LIFETIME, VerifiedBy
from domain.values import ContactChannel


class CodeSent(Body):
    """A code and its digest, for the candidate whose record holds the address given."""

    code: str = Field(min_length=1, max_length=64)
    code_digest: str
    candidates: tuple[UUID, ...] = ()


def send_code(
    app: Aftersales, request: PrivacyRequest, check: IdentityCheck, sent: CodeSent
) -> list[Aggregate]:
    """A new code, and the message taking it to the address on record that the requester gave
    (none when no record holds it: the code then goes to no one)."""
    now = datetime.now(UTC)
    match = _on_record(app, request, sent.candidates)
    if match is None:
        check.send_code(sent.code_digest, now, None, None)
        return [check]
    customer, channel = match
    check.send_code(sent.code_digest, now, customer.id, channel.value)
    minutes = int(CODE_LIFETIME.total_seconds() // 60)
    text = (
        f"Your code for privacy request {request.reference} at {business_of(app, request)} is "
        f"{sent.code}. It works once, for {minutes} minutes. If you did not ask, ignore this."
    )
    subject = f"Your code for {request.reference}"
    return [check, answer(app, request, customer, channel, VERIFICATION, subject, text)]


class NewCode(CodeSent, Command[Written]):
    """Another code, for a request whose code expired or was locked by wrong tries."""

    public = True
    request_id: UUID


@handler
def send_new_code(cmd: NewCode, ctx: RequestContext, app: Aftersales) -> Written:
    request = app.load(PrivacyRequest, cmd.request_id, ctx)
    request.expect_verification()
    return app.commit(ctx, *send_code(app, request, check_of(app, request), cmd))


class Verification(Written):
    verified: bool


class EnterCode(LinkIssued, Command[Verification]):
    """The code the requester entered (its digest), and the export link to send when it is
    the code of an access request."""

    public = True
    request_id: UUID
    code_digest: str


@handler
def enter_code(cmd: EnterCode, ctx: RequestContext, app: Aftersales) -> Verification:
    request = app.load_for_change(PrivacyRequest, cmd.request_id, ctx)
    wrong = Verification(id=request.id, version=request.version, verified=False)
    if request.verified:  # its code was used: a wrong code, and no try to count
        return wrong
    request.expect_verification()
    check = check_of(app, request)
    customer_id = check.enter_code(cmd.code_digest, datetime.now(UTC))
    if customer_id is None:
        return wrong if not check.pending_events else _counted(app, ctx, check, wrong)
    request.link(customer_id)
    request.verify(VerifiedBy.CODE, None)
    access = request.kind is RequestKind.ACCESS
    answers = [export_link(app, ctx, request, check, cmd)] if access else []
    written: Written = app.commit(ctx, request, check, *answers)
    app.adopt_key(request.id, customer_id)
    return Verification(**written.model_dump(), verified=True)


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
    request.verify(VerifiedBy.STAFF, cmd.reason)
    return app.commit(ctx, request)


def _counted(
    app: Aftersales, ctx: RequestContext, check: IdentityCheck, wrong: Verification
) -> Verification:
    """The wrong code's try, on the record."""
    written: Written = app.commit(ctx, check)
    return wrong.model_copy(update={"position": written.position})


def _on_record(
    app: Aftersales, request: PrivacyRequest, candidates: tuple[UUID, ...]
) -> tuple[Customer, ContactChannel] | None:
    """The first candidate whose record holds the email (else the phone) the requester gave."""
    for customer_id in candidates:
        customer = app.find(Customer, customer_id)
        if customer is None or customer.tenant_id != request.tenant_id or customer.erased:
            continue
        if request.email and (customer.email or "").lower() == request.email.lower():
            return customer, ContactChannel.EMAIL
        if request.phone and customer.phone == request.phone:
            return customer, ContactChannel.SMS
    return None
