"""The admin's tenant settings: message templates and automatic messages, retention, service
targets, billing, the shop's details, the satisfaction question and the privacy notice; the
API's queries and commands for each."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from adapters.http.routers.message_settings import channels_of
from adapters.http.routers.privacy_notices import notices_of
from adapters.http.routers.reports import DEFAULT_PERIOD
from adapters.http.routers.tenant import shop_of
from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from adapters.web.refused import shown_again
from commands.billing import BillingSettings, SetBilling, billing_of
from commands.bus import Command
from commands.message_settings import (
    AutomaticChoice,
    SetAutomaticMessages,
    SetMessageTemplate,
    TemplateName,
    TemplateText,
)
from commands.privacy import RetentionChange, SetRetention
from commands.privacy_notices import PrivacyNoticeForm, PublishPrivacyNotice
from commands.satisfaction import (
    SatisfactionSetting,
    SetSatisfactionQuestion,
    satisfaction_question,
)
from commands.service_targets import ServiceTargets, SetServiceTargets
from commands.shop_details import SetShopDetails, ShopDetailsChange
from domain.access import ADMIN
from domain.message_templates import Trigger
from domain.privacy_notice import Supply
from domain.shop import Weekday
from domain.values import Priority
from queries.message_settings import message_settings
from queries.reports import service_summary
from queries.retention_policy import retention_policy

router = APIRouter(include_in_schema=False)


class NamedTemplate(TemplateText):
    """A template as one form names it: new, or one to change."""

    name: TemplateName


@router.get("/admin/messages", dependencies=[allowed(ADMIN)])
async def messages(desk: DeskDep, template: str | None = None) -> HTMLResponse:
    return await messages_page(desk, None, template)


async def messages_page(
    desk: Desk, refusal: Refusal | None, template: str | None = None
) -> HTMLResponse:
    """The templates, the one being written (`template`, to change it), the automatic choice
    and the API's warnings about it (automatic messages with no channel to send them on)."""
    settings = await desk.read(message_settings, channels_of(desk.services, desk.ctx))
    return desk.page(
        "admin/messages.html",
        **await shown_again(desk, refusal),
        canonical="/admin/messages",
        settings=settings,
        editing=settings.templates.get(template or ""),
        editing_name=template if template in settings.templates else "",
        triggers=[(t.value, t.value.replace("_", " ").capitalize()) for t in Trigger],
    )


@router.get("/admin/retention", dependencies=[allowed(ADMIN)])
async def retention(desk: DeskDep) -> HTMLResponse:
    return await retention_page(desk, None)


async def retention_page(desk: Desk, refusal: Refusal | None) -> HTMLResponse:
    return desk.page(
        "admin/retention.html",
        **await shown_again(desk, refusal),
        canonical="/admin/retention",
        policy=await desk.read(retention_policy),
    )


@router.get("/admin/service-targets", dependencies=[allowed(ADMIN)])
async def targets(desk: DeskDep) -> HTMLResponse:
    return await targets_page(desk, None)


async def targets_page(desk: Desk, refusal: Refusal | None) -> HTMLResponse:
    """The targets as the reports measure against them (the defaults until set)."""
    end = datetime.now(UTC)
    summary = await desk.read(service_summary, end - DEFAULT_PERIOD, end)
    return desk.page(
        "admin/targets.html",
        **await shown_again(desk, refusal),
        canonical="/admin/service-targets",
        hours={p.value: summary.target_hours[p] for p in Priority},
    )


@router.get("/admin/billing", dependencies=[allowed(ADMIN)])
async def billing(desk: DeskDep) -> HTMLResponse:
    return await billing_page(desk, None)


async def billing_page(desk: Desk, refusal: Refusal | None) -> HTMLResponse:
    """The VAT rate and currency of new quotes, as the tenant's log holds them."""
    return desk.page(
        "admin/billing.html",
        **await shown_again(desk, refusal),
        canonical="/admin/billing",
        billing=await run_in_threadpool(billing_of, desk.services.app, desk.ctx),
    )


@router.get("/admin/shop", dependencies=[allowed(ADMIN)])
async def shop(desk: DeskDep) -> HTMLResponse:
    return await shop_page(desk, None)


async def shop_page(desk: Desk, refusal: Refusal | None) -> HTMLResponse:
    """The shop's contact and opening hours, as its tickets' status pages show them."""
    return desk.page(
        "admin/shop.html",
        **await shown_again(desk, refusal),
        canonical="/admin/shop",
        shop=await run_in_threadpool(shop_of, desk.services.app, desk.ctx),
        weekdays=list(Weekday),
    )


@router.get("/admin/satisfaction", dependencies=[allowed(ADMIN)])
async def satisfaction(desk: DeskDep) -> HTMLResponse:
    return await satisfaction_page(desk, None)


async def satisfaction_page(desk: Desk, refusal: Refusal | None) -> HTMLResponse:
    """Whether closed tickets' status pages ask their customers for a rating."""
    return desk.page(
        "admin/satisfaction.html",
        **await shown_again(desk, refusal),
        canonical="/admin/satisfaction",
        question=await run_in_threadpool(satisfaction_question, desk.services.app, desk.ctx),
    )


@router.get("/admin/privacy-notice", dependencies=[allowed(ADMIN)])
async def privacy_notice(desk: DeskDep) -> HTMLResponse:
    return await privacy_notice_page(desk, None)


async def privacy_notice_page(desk: Desk, refusal: Refusal | None) -> HTMLResponse:
    """The versions published, and a new one to publish (begun from the current one)."""
    notices = notices_of(desk.services.app, desk.ctx)
    return desk.page(
        "admin/privacy_notice.html",
        **await shown_again(desk, refusal),
        canonical="/admin/privacy-notice",
        notices=notices,
        current=notices[-1] if notices else None,
        supplies=[(s.value, s.value.capitalize()) for s in Supply],
    )


@dataclass(frozen=True)
class Setting:
    """A settings form: the body it is read as, the command it sends, and its page (shown
    after it is done, or again with why it was refused)."""

    body: type[BaseModel]
    command: type[Command[Any]]
    page: str
    shown: Callable[[Desk, Refusal | None], Awaitable[HTMLResponse]]


SETTINGS = {
    "/admin/messages/templates": Setting(
        NamedTemplate, SetMessageTemplate, "/admin/messages", messages_page
    ),
    "/admin/messages/automatic": Setting(
        AutomaticChoice, SetAutomaticMessages, "/admin/messages", messages_page
    ),
    "/admin/retention": Setting(RetentionChange, SetRetention, "/admin/retention", retention_page),
    "/admin/privacy-notice": Setting(
        PrivacyNoticeForm, PublishPrivacyNotice, "/admin/privacy-notice", privacy_notice_page
    ),
    "/admin/service-targets": Setting(
        ServiceTargets, SetServiceTargets, "/admin/service-targets", targets_page
    ),
    "/admin/billing": Setting(BillingSettings, SetBilling, "/admin/billing", billing_page),
    "/admin/shop": Setting(ShopDetailsChange, SetShopDetails, "/admin/shop", shop_page),
    "/admin/satisfaction": Setting(
        SatisfactionSetting, SetSatisfactionQuestion, "/admin/satisfaction", satisfaction_page
    ),
}


def _route(path: str, setting: Setting) -> None:
    async def act(desk: DeskDep) -> Response:
        async def again(refusal: Refusal) -> Response:
            return await setting.shown(desk, refusal)

        return await desk.submit(
            setting.body, setting.command.from_body, lambda _: setting.page, again
        )

    router.add_api_route(
        path, act, methods=["POST"], dependencies=[allowed(setting.command)], name=path
    )


for _path, _setting in SETTINGS.items():
    _route(_path, _setting)
