"""The workspace in the app: its pages, its assets, its headers and its error pages."""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from adapters.web import errors
from adapters.web.headers import STATIC_PREFIX, PageHeaders
from adapters.web.pages import (
    account,
    admin_settings,
    admin_staff,
    audit,
    catalogue,
    customer_merge,
    customers,
    device_transfer,
    devices,
    intake,
    job_card,
    live,
    privacy_page,
    privacy_requests,
    reports,
    signing_in,
    status,
    status_choices,
    tickets,
)
from adapters.web.rendering import STATIC


def install(app: FastAPI) -> None:
    """After the API's routes and problem handlers: its pages share them (intake's before the
    tickets', whose /tickets/{ticket_id} would take /tickets/new)."""
    for pages in (
        signing_in,
        live,
        intake,
        tickets,
        job_card,
        customer_merge,
        customers,
        device_transfer,
        devices,
        reports,
        account,
        admin_staff,
        admin_settings,
        catalogue,
        privacy_requests,
        privacy_page,
        audit,
        status,
        status_choices,
    ):
        app.include_router(pages.router)
    app.mount(STATIC_PREFIX.rstrip("/"), StaticFiles(directory=STATIC), name="static")
    errors.install(app)
    app.add_middleware(PageHeaders)
