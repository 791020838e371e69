"""Service figures, and the tenant's targets they measure against."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from adapters.http.deps import may
from adapters.http.reading import ReaderDep
from adapters.http.writes import WriterDep
from commands.answers import Written
from commands.service_targets import ServiceTargets, SetServiceTargets
from domain.access import REPORT_READERS
from domain.fields import Moment
from queries.reports import SummaryPublic, service_summary

router = APIRouter(prefix="/v1", tags=["reports"])
DEFAULT_PERIOD = timedelta(days=30)


@router.get("/reports/summary", dependencies=[may(REPORT_READERS)])
async def summary(
    read: ReaderDep,
    period_from: Annotated[Moment | None, Query(alias="from")] = None,
    period_to: Annotated[Moment | None, Query(alias="to")] = None,
) -> SummaryPublic:
    """Open tickets by status and assignee (now), times to first response and to resolution
    (over tickets that reached them in the period), and open tickets due before `to`.
    The period is the 30 days to now unless given."""
    end = period_to or datetime.now(UTC)
    start = period_from or end - DEFAULT_PERIOD
    return await read(service_summary, start, end)


@router.put("/tenant/service-targets", dependencies=[may(SetServiceTargets)])
def set_targets(body: ServiceTargets, write: WriterDep) -> Written:
    """Hours from opening by which a ticket of each priority should be resolved."""
    return write(SetServiceTargets.from_body(body))
