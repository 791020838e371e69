"""Service figures, and the tenant's targets they measure against."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response

from adapters.http.deps import QueryContext, ServicesDep, WriteContext, may
from adapters.http.freshness import reads
from adapters.http.writes import run
from commands import service_targets as s
from commands.answers import Written
from domain.access import REPORT_READERS
from domain.fields import Moment
from projections.service_figures.projection import ServiceFigures
from queries.reports import SummaryPublic, service_summary

router = APIRouter(prefix="/v1", tags=["reports"])
DEFAULT_PERIOD = timedelta(days=30)


@router.get("/reports/summary", dependencies=[may(REPORT_READERS), reads(ServiceFigures)])
def summary(
    ctx: QueryContext,
    services: ServicesDep,
    period_from: Annotated[Moment | None, Query(alias="from")] = None,
    period_to: Annotated[Moment | None, Query(alias="to")] = None,
) -> SummaryPublic:
    """Open tickets by status and assignee (now), times to first response and to resolution
    (over tickets that reached them in the period), and open tickets due before `to`.
    The period is the 30 days to now unless given."""
    end = period_to or datetime.now(UTC)
    start = period_from or end - DEFAULT_PERIOD
    return service_summary(services.datastore, ctx, start, end)


@router.put("/tenant/service-targets", dependencies=[may(s.SetServiceTargets)])
def set_targets(
    body: s.ServiceTargets, ctx: WriteContext, services: ServicesDep, response: Response
) -> Written:
    """Hours from opening by which a ticket of each priority should be resolved."""
    return run(response, services, s.set_service_targets, s.SetServiceTargets, ctx, body)
