"""The FastAPI application."""

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from adapters.bootstrap import Services
from adapters.http import openapi, problems
from adapters.http.freshness import Freshness
from adapters.http.metrics import RequestRecord
from adapters.http.metrics import router as metrics_router
from adapters.http.middleware import RequestGuard
from adapters.http.routers import (
    audit,
    auth,
    catalogue,
    customer_privacy,
    customers,
    devices,
    health,
    message_settings,
    messages,
    parts,
    privacy_notices,
    privacy_requests,
    privacy_verification,
    quotes,
    reports,
    retention,
    staff,
    tenant,
    tickets,
    webhooks,
)
from adapters.http.sessions import LastWrites, NoteWrites
from adapters.http.unexpected import Unexpected
from adapters.web import errors, workspace

DESCRIPTION = """Aftersales: repair tickets, customers and their devices, for businesses that repair
and replace devices. Sign in with **Authorize** (username and password) to try it here."""


def create_app(services: Services) -> FastAPI:
    # /docs and /redoc load their scripts and styles from this service, not a CDN, so they work
    # on a shop's offline network too.
    app = FastAPIOffline(
        title="Aftersales API",
        version="1",
        description=DESCRIPTION,
        static_url="/docs/assets",
    )
    app.state.services = services
    app.state.freshness = Freshness(
        lambda read_model: services.workers.projections[read_model].consumer.position(),
        services.app.recorder.max_notification_id,
        services.settings.read_wait_seconds,
        services.versions.answers,
    )
    app.state.last_writes = LastWrites()
    problems.install(app)
    app.add_middleware(
        Unexpected, shown=errors.as_page
    )  # added first, so the innermost: inside the request's record
    app.add_middleware(
        RequestGuard,
        max_body_bytes=services.settings.max_body_bytes,
        read_timeout=services.settings.request_read_timeout_seconds,
    )
    app.add_middleware(RequestRecord, metrics=services.metrics)
    app.add_middleware(NoteWrites, last_writes=app.state.last_writes)
    for router in (
        health,
        auth,
        staff,
        customers,
        customer_privacy,
        tickets,
        quotes,
        parts,
        devices,
        reports,
        tenant,
        catalogue,
        audit,
        privacy_notices,
        privacy_requests,
        privacy_verification,
        retention,
        messages,
        message_settings,
        webhooks,
    ):
        app.include_router(router.router)
    app.include_router(customers.duplicates)
    app.include_router(metrics_router)
    workspace.install(app)
    openapi.install(app)
    return app
