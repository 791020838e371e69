"""The auditor's view of the record."""

from fastapi import APIRouter

from adapters.http.deps import QueryContext, ServicesDep
from adapters.http.routers.staff import Limit
from queries import staff
from queries.pages import DEFAULT_LIMIT, Page

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("/logins")
def logins(
    ctx: QueryContext,
    services: ServicesDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Page[staff.LoginPublic]:
    """Login successes and failures of the tenant's staff, newest first, with source address."""
    return staff.login_history(services.app, ctx, limit, cursor)
