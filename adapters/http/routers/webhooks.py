"""The providers' webhooks (public: no bearer token; each proves itself as its provider can).

WhatsApp: Meta's verification handshake, and deliveries signed with X-Hub-Signature-256 (the
HMAC-SHA256 of the raw body under the tenant's app secret). SMS: BulkSMS's calls, whose URL
carries the tenant's webhook secret (`?secret=`). A call that does not prove itself is 401 and
nothing of it is stored; a proven one whose body is JSON (of a sane depth; else 400) is always
acknowledged, items that name nothing of the tenant's passed over, control characters in their
text dropped (the commands' ProviderText). The answer counts what the call recorded; a
provider's retry records nothing and is counted as `unchanged`. A reply YES or NO to a quote
sent on the channel decides it, with the keyed hash of the sender's number as its evidence.
"""

import hmac
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from adapters.bootstrap import Services
from adapters.channels import sms_webhook, webhook_body, whatsapp_webhook
from adapters.channels.accounts import TenantChannels, WhatsAppAccount
from adapters.http.deps import ServicesDep, request_id
from commands.callbacks import Applied, receive, record_statuses
from domain.context import RequestContext
from domain.fields import Credential, Slug
from domain.refusals import NotAuthentic, NotFound
from domain.tenant import tenant_id_for
from domain.values import ContactChannel
from queries.messages import message_with_provider_id, sender_match

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])
WHATSAPP, SMS = ContactChannel.WHATSAPP, ContactChannel.SMS


class Acknowledged(BaseModel):
    """What the call recorded: `statuses` that moved a message on, customers' `messages`; and
    the items `unchanged` because they were recorded before (a retry) or overtaken."""

    statuses: int
    messages: int
    unchanged: int

    @classmethod
    def of(cls, statuses: list[Applied], messages: list[Applied]) -> "Acknowledged":
        return cls(
            statuses=statuses.count(Applied.RECORDED),
            messages=messages.count(Applied.RECORDED),
            unchanged=(statuses + messages).count(Applied.UNCHANGED),
        )


Responses = dict[int | str, dict[str, Any]]
NOT_PROVEN: Responses = {401: {"description": "The call does not prove it is the provider's."}}
UNKNOWN: Responses = {404: {"description": "No such tenant, or it has no account on this channel."}}


@router.get(
    "/whatsapp/{tenant_slug}",
    response_class=PlainTextResponse,
    responses={**UNKNOWN, 403: {"description": "The verify token does not match."}},
)
def whatsapp_handshake(
    tenant_slug: Slug,
    services: ServicesDep,
    mode: Annotated[Credential | None, Query(alias="hub.mode")] = None,
    verify_token: Annotated[Credential | None, Query(alias="hub.verify_token")] = None,
    challenge: Annotated[Credential | None, Query(alias="hub.challenge")] = None,
) -> PlainTextResponse:
    """Meta's check of the callback URL: the challenge back when the verify token matches."""
    account = _whatsapp_account(services, tenant_slug)
    expected = account.verify_token.get_secret_value()
    if mode == "subscribe" and challenge and _same(verify_token, expected):
        return PlainTextResponse(challenge)
    raise HTTPException(403, "hub.mode must be subscribe and hub.verify_token must match")


@router.post("/whatsapp/{tenant_slug}", responses={**NOT_PROVEN, **UNKNOWN})
async def whatsapp_delivery(
    tenant_slug: Slug,
    request: Request,
    services: ServicesDep,
    signature: Annotated[str | None, Header(alias="X-Hub-Signature-256")] = None,
) -> Acknowledged:
    """Statuses of the tenant's messages and customers' messages, as Meta delivers them."""
    account = _whatsapp_account(services, tenant_slug)
    body = await request.body()
    if not whatsapp_webhook.signed(body, signature, account.app_secret.get_secret_value()):
        raise NotAuthentic("X-Hub-Signature-256 is not the signature of this body")
    payload = _json(body)
    ctx = _context(tenant_slug, "provider:whatsapp", request)
    return await run_in_threadpool(_whatsapp, services, ctx, payload, account.phone_number_id)


@router.post("/sms/{tenant_slug}", responses={**NOT_PROVEN, **UNKNOWN})
async def sms_delivery(
    tenant_slug: Slug,
    request: Request,
    services: ServicesDep,
    secret: Credential | None = None,
) -> Acknowledged:
    """BulkSMS's status reports and replies; a reply of STOP withdraws the sender's SMS
    consent and START gives it again, on the record."""
    account = (_accounts(services, tenant_slug) or TenantChannels()).sms
    if account is None:
        raise NotFound("SMS account of tenant", tenant_slug)
    if not sms_webhook.authentic(secret, account.webhook_secret.get_secret_value()):
        raise NotAuthentic("the webhook secret does not match")
    payload = _json(await request.body())
    ctx = _context(tenant_slug, "provider:sms", request)
    return await run_in_threadpool(_sms, services, ctx, payload)


def _whatsapp(services: Services, ctx: RequestContext, payload: Any, number: str) -> Acknowledged:
    app, db = services.app, services.read_store
    by_provider_id, match_sender = partial(message_with_provider_id, db), partial(sender_match, db)
    statuses: list[Applied] = []
    messages: list[Applied] = []
    for value in whatsapp_webhook.changes(payload, number):
        statuses += record_statuses(
            app, ctx, WHATSAPP, whatsapp_webhook.statuses(value), by_provider_id
        )
        inbound = whatsapp_webhook.messages(value)
        messages += receive(app, ctx, WHATSAPP, inbound, match_sender, services.evidence_digest)
    return Acknowledged.of(statuses, messages)


def _sms(services: Services, ctx: RequestContext, payload: Any) -> Acknowledged:
    app, db = services.app, services.read_store
    by_provider_id, match_sender = partial(message_with_provider_id, db), partial(sender_match, db)
    statuses = record_statuses(app, ctx, SMS, sms_webhook.reports(payload), by_provider_id)
    replies = sms_webhook.replies(payload)
    messages = receive(app, ctx, SMS, replies, match_sender, services.evidence_digest)
    return Acknowledged.of(statuses, messages)


def _accounts(services: Services, slug: str) -> TenantChannels | None:
    return services.channels.of_slug(slug)


def _whatsapp_account(services: Services, slug: str) -> WhatsAppAccount:
    """The tenant's WhatsApp account; 404 for an unknown tenant or one without WhatsApp."""
    account = (_accounts(services, slug) or TenantChannels()).whatsapp
    if account is None:
        raise NotFound("WhatsApp account of tenant", slug)
    return account


def _context(slug: str, actor: str, request: Request) -> RequestContext:
    return RequestContext(
        tenant_id=tenant_id_for(slug), actor=actor, request_id=request_id(request)
    )


def _json(body: bytes) -> Any:
    """The proven call's JSON; 400 for a body that is not JSON or nests too deep."""
    try:
        return webhook_body.payload(body)
    except webhook_body.Unreadable as unreadable:
        raise HTTPException(400, str(unreadable)) from None


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
