"""The tenant's retention policy."""

from fastapi import APIRouter, Response

from adapters.http.deps import QueryContext, ServicesDep, WriteContext, may
from adapters.http.writes import run
from commands import privacy
from commands.answers import Written
from domain.access import EXPORTERS
from queries.retention import RetentionPolicyPublic, retention_policy

router = APIRouter(prefix="/v1/retention-policy", tags=["privacy"])


@router.get("", dependencies=[may(EXPORTERS)])
def get_policy(ctx: QueryContext, services: ServicesDep) -> RetentionPolicyPublic:
    return retention_policy(services.app, ctx)


@router.put("", dependencies=[may(privacy.SetRetention)])
def set_policy(
    body: privacy.RetentionChange, ctx: WriteContext, services: ServicesDep, response: Response
) -> Written:
    """Days to keep customers with no open ticket and no activity, and closed tickets' free
    text; null keeps them. `aftersales retention run` and the daily run apply it."""
    return run(response, services, privacy.set_retention, privacy.SetRetention, ctx, body)
