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
from queries.service_breakdown import BreakdownPublic, Grouping, service_breakdown

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
    return await read(service_summary, *period(period_from, period_to))


@router.get("/reports/breakdown", dependencies=[may(REPORT_READERS)])
async def breakdown(
    read: ReaderDep,
    by: Grouping = Grouping.WEEK,
    period_from: Annotated[Moment | None, Query(alias="from")] = None,
    period_to: Annotated[Moment | None, Query(alias="to")] = None,
) -> BreakdownPublic:
    """The summary's times to first response and to resolution, and the tickets due in the
    period that were not resolved by their due time, per week, priority or (current) assignee.
    The period is the 30 days to now unless given."""
    return await read(service_breakdown, by, *period(period_from, period_to))


def period(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """The period a report asks for: up to now, and from 30 days before its end, unless given."""
    end = end or datetime.now(UTC)
    return start or end - DEFAULT_PERIOD, end


@router.put("/tenant/service-targets", dependencies=[may(SetServiceTargets)])
def set_targets(body: ServiceTargets, write: WriterDep) -> Written:
    """Hours from opening by which a ticket of each priority should be resolved."""
    return write(SetServiceTargets.from_body(body))
