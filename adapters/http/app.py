"""The FastAPI application."""

from fastapi import FastAPI

from adapters.bootstrap import Services
from adapters.http import problems
from adapters.http.middleware import RequestId
from adapters.http.routers import audit, auth, customers, health, staff, tickets

DESCRIPTION = """Aftersales: repair tickets, customers and their devices, for businesses that repair
and replace devices. Sign in with **Authorize** (username and password) to try it here."""


def create_app(services: Services) -> FastAPI:
    app = FastAPI(
        title="Aftersales API",
        version="1",
        description=DESCRIPTION,
        max_body_size=services.settings.max_body_bytes,
    )
    app.state.services = services
    problems.install(app)
    app.add_middleware(RequestId)
    for router in (health, auth, staff, customers, tickets, audit):
        app.include_router(router.router)
    return app
