"""The admin's tenant settings: message templates and automatic messages, retention, and
service targets; the API's queries and commands for each."""

from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from adapters.http.routers.message_settings import channels_of
from adapters.http.routers.reports import DEFAULT_PERIOD
from adapters.web import forms
from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from commands.message_settings import (
    AutomaticChoice,
    SetAutomaticMessages,
    SetMessageTemplate,
    TemplateName,
    TemplateText,
)
from commands.privacy import RetentionChange, SetRetention
from commands.service_targets import ServiceTargets, SetServiceTargets
from domain.access import ADMIN
from domain.message_templates import Trigger
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
    return await messages_page(desk, template)


async def messages_page(
    desk: Desk, template: str | None = None, refusal: Refusal | None = None
) -> HTMLResponse:
    """The templates, the one being written (`template`, to change it), the automatic choice
    and the API's warnings about it."""
    settings = await desk.read(message_settings, channels_of(desk.services, desk.ctx))
    return desk.page(
        "admin/messages.html",
        status_code=refusal.status if refusal else 200,
        canonical="/admin/messages",
        settings=settings,
        editing=settings.templates.get(template or ""),
        editing_name=template if template in settings.templates else "",
        triggers=[(t.value, t.value.replace("_", " ").capitalize()) for t in Trigger],
        refusal=refusal,
        errors=refusal.fields if refusal else {},
        typed=await forms.typed(desk.request) if refusal else {},
    )


@router.post("/admin/messages/templates", dependencies=[allowed(SetMessageTemplate)])
async def set_template(desk: DeskDep) -> Response:
    async def again(refusal: Refusal) -> Response:
        return await messages_page(desk, refusal=refusal)

    return await desk.submit(
        NamedTemplate, SetMessageTemplate.from_body, lambda _: "/admin/messages", again
    )


@router.post("/admin/messages/automatic", dependencies=[allowed(SetAutomaticMessages)])
async def set_automatic(desk: DeskDep) -> Response:
    """The choice, then the page with the API's warning if it sends nothing."""

    async def again(refusal: Refusal) -> Response:
        return await messages_page(desk, refusal=refusal)

    return await desk.submit(
        AutomaticChoice, SetAutomaticMessages.from_body, lambda _: "/admin/messages", again
    )


@router.get("/admin/retention", dependencies=[allowed(ADMIN)])
async def retention(desk: DeskDep) -> HTMLResponse:
    return await retention_page(desk)


async def retention_page(desk: Desk, refusal: Refusal | None = None) -> HTMLResponse:
    return desk.page(
        "admin/retention.html",
        status_code=refusal.status if refusal else 200,
        canonical="/admin/retention",
        policy=await desk.read(retention_policy),
        refusal=refusal,
        errors=refusal.fields if refusal else {},
        typed=await forms.typed(desk.request) if refusal else None,
    )


@router.post("/admin/retention", dependencies=[allowed(SetRetention)])
async def set_retention(desk: DeskDep) -> Response:
    async def again(refusal: Refusal) -> Response:
        return await retention_page(desk, refusal)

    return await desk.submit(
        RetentionChange, SetRetention.from_body, lambda _: "/admin/retention", again
    )


@router.get("/admin/service-targets", dependencies=[allowed(ADMIN)])
async def targets(desk: DeskDep) -> HTMLResponse:
    return await targets_page(desk)


async def targets_page(desk: Desk, refusal: Refusal | None = None) -> HTMLResponse:
    """The targets as the reports measure against them (the defaults until set)."""
    end = datetime.now(UTC)
    summary = await desk.read(service_summary, end - DEFAULT_PERIOD, end)
    return desk.page(
        "admin/targets.html",
        status_code=refusal.status if refusal else 200,
        canonical="/admin/service-targets",
        hours={p.value: summary.target_hours[p] for p in Priority},
        refusal=refusal,
        errors=refusal.fields if refusal else {},
        typed=await forms.typed(desk.request) if refusal else None,
    )


@router.post("/admin/service-targets", dependencies=[allowed(SetServiceTargets)])
async def set_targets(desk: DeskDep) -> Response:
    async def again(refusal: Refusal) -> Response:
        return await targets_page(desk, refusal)

    return await desk.submit(
        ServiceTargets, SetServiceTargets.from_body, lambda _: "/admin/service-targets", again
    )
