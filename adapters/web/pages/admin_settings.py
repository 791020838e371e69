"""The admin's tenant settings: message templates and automatic messages, retention, service
targets, billing, the shop's details, the satisfaction question and the privacy notice; the
API's queries and commands for each."""

from collections.abc import Awaitable, Callable, Mapping
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
from commands.application import Aftersales
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
from domain.context import RequestContext
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


Values = Callable[[Desk], Awaitable[Mapping[str, Any]]]


@dataclass(frozen=True)
class Page:
    """A settings page: its template and what it shows, read through the API's queries."""

    template: str
    values: Values


def from_log(name: str, read: Callable[[Aftersales, RequestContext], object]) -> Values:
    """A page's value read from the tenant's own events (no read model keeps them)."""

    async def values(desk: Desk) -> Mapping[str, Any]:
        return {name: await run_in_threadpool(read, desk.services.app, desk.ctx)}

    return values


async def _messages(desk: Desk) -> Mapping[str, Any]:
    """The templates, the one being written (`?template=`, to change it), the automatic choice
    and the API's warnings about it (automatic messages with no channel to send them on)."""
    settings = await desk.read(message_settings, channels_of(desk.services, desk.ctx))
    template = desk.request.query_params.get("template") or ""
    return {
        "settings": settings,
        "editing": settings.templates.get(template),
        "editing_name": template if template in settings.templates else "",
        "triggers": [(t.value, t.value.replace("_", " ").capitalize()) for t in Trigger],
    }


async def _retention(desk: Desk) -> Mapping[str, Any]:
    return {"policy": await desk.read(retention_policy)}


async def _targets(desk: Desk) -> Mapping[str, Any]:
    """The targets as the reports measure against them (the defaults until set)."""
    end = datetime.now(UTC)
    summary = await desk.read(service_summary, end - DEFAULT_PERIOD, end)
    return {"hours": {p.value: summary.target_hours[p] for p in Priority}}


async def _shop(desk: Desk) -> Mapping[str, Any]:
    """The shop's contact and opening hours, as its tickets' status pages show them."""
    return {**await from_log("shop", shop_of)(desk), "weekdays": list(Weekday)}


async def _privacy_notice(desk: Desk) -> Mapping[str, Any]:
    """The versions published, and a new one to publish (begun from the current one)."""
    notices = notices_of(desk.services.app, desk.ctx)
    supplies = [(s.value, s.value.capitalize()) for s in Supply]
    return {"notices": notices, "current": notices[-1] if notices else None, "supplies": supplies}


PAGES = {
    "/admin/messages": Page("admin/messages.html", _messages),
    "/admin/retention": Page("admin/retention.html", _retention),
    "/admin/service-targets": Page("admin/targets.html", _targets),
    "/admin/billing": Page("admin/billing.html", from_log("billing", billing_of)),
    "/admin/shop": Page("admin/shop.html", _shop),
    "/admin/satisfaction": Page(
        "admin/satisfaction.html", from_log("question", satisfaction_question)
    ),
    "/admin/privacy-notice": Page("admin/privacy_notice.html", _privacy_notice),
}


@dataclass(frozen=True)
class Setting:
    """A settings form: the body it is read as, the command it sends, and the page it is on
    (shown after it is done, or again with why it was refused)."""

    body: type[BaseModel]
    command: type[Command[Any]]
    page: str


# Each form by the address it posts to.
SETTINGS = {
    "/admin/messages/templates": Setting(NamedTemplate, SetMessageTemplate, "/admin/messages"),
    "/admin/messages/automatic": Setting(AutomaticChoice, SetAutomaticMessages, "/admin/messages"),
    "/admin/retention": Setting(RetentionChange, SetRetention, "/admin/retention"),
    "/admin/privacy-notice": Setting(
        PrivacyNoticeForm, PublishPrivacyNotice, "/admin/privacy-notice"
    ),
    "/admin/service-targets": Setting(ServiceTargets, SetServiceTargets, "/admin/service-targets"),
    "/admin/billing": Setting(BillingSettings, SetBilling, "/admin/billing"),
    "/admin/shop": Setting(ShopDetailsChange, SetShopDetails, "/admin/shop"),
    "/admin/satisfaction": Setting(
        SatisfactionSetting, SetSatisfactionQuestion, "/admin/satisfaction"
    ),
}


async def shown(desk: Desk, path: str, refusal: Refusal | None) -> HTMLResponse:
    page = PAGES[path]
    values = await page.values(desk)
    return desk.page(page.template, **await shown_again(desk, refusal), canonical=path, **values)


def _page_route(path: str) -> None:
    async def show(desk: DeskDep) -> HTMLResponse:
        return await shown(desk, path, None)

    router.add_api_route(path, show, methods=["GET"], dependencies=[allowed(ADMIN)], name=path)


def _form_route(path: str, setting: Setting) -> None:
    async def act(desk: DeskDep) -> Response:
        async def again(refusal: Refusal) -> Response:
            return await shown(desk, setting.page, refusal)

        return await desk.submit(
            setting.body, setting.command.from_body, lambda _: setting.page, again
        )

    router.add_api_route(
        path, act, methods=["POST"], dependencies=[allowed(setting.command)], name=f"{path} form"
    )


for _path in PAGES:
    _page_route(_path)
for _path, _setting in SETTINGS.items():
    _form_route(_path, _setting)
