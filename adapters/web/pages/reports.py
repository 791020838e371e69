"""Reports: the API's service figures for a period, and its breakdowns by week, priority and
assignee as bar charts with their numbers beside them."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from adapters.http.routers.reports import period
from adapters.web.charts import Chart, counted, duration
from adapters.web.desk import DeskDep, allowed
from domain.access import REPORT_READERS
from domain.fields import Moment
from queries.reports import service_summary
from queries.service_breakdown import (
    BreakdownPublic,
    GroupFigures,
    Grouping,
    service_breakdown,
)
from queries.staff import colleagues

router = APIRouter(include_in_schema=False)
PERIODS_IN_WEEKS = (4, 13, 26, 52)
HEADINGS = {
    Grouping.WEEK: "Week (from Monday, UTC)",
    Grouping.PRIORITY: "Priority",
    Grouping.ASSIGNEE: "Assignee",
}
Measure = tuple[str, str, Callable[[GroupFigures], float | None], Callable[[float], str]]
MEASURES: tuple[Measure, ...] = (
    (
        "response",
        "Median time to first response",
        lambda g: g.first_response.median_seconds,
        duration,
    ),
    ("resolution", "Median time to resolution", lambda g: g.resolution.median_seconds, duration),
    ("breaches", "SLA breaches", lambda g: g.breached, counted),
)


@dataclass(frozen=True)
class Section:
    slug: str
    heading: str
    charts: list[Chart]


@router.get("/reports", response_class=HTMLResponse, dependencies=[allowed(REPORT_READERS)])
async def reports(
    desk: DeskDep,
    period_from: Annotated[Moment | None, Query(alias="from")] = None,
    period_to: Annotated[Moment | None, Query(alias="to")] = None,
) -> HTMLResponse:
    """The figures of the period the API's reports take (`from`, `to`: the 30 days to now)."""
    start, end = period(period_from, period_to)
    summary = await desk.read(service_summary, start, end)
    names = {
        str(c.id): c.display_name or c.username or str(c.id) for c in await desk.read(colleagues)
    }
    sections = [
        section(await desk.read(service_breakdown, by, start, end), names) for by in Grouping
    ]
    now = datetime.now(UTC)
    choices = {weeks: (now - timedelta(weeks=weeks)).isoformat() for weeks in PERIODS_IN_WEEKS}
    return desk.page(
        "reports/overview.html",
        summary=summary,
        sections=sections,
        choices=choices,
        duration=duration,
    )


def section(breakdown: BreakdownPublic, names: Mapping[str, str]) -> Section:
    """One breakdown's charts: the medians of first response and resolution, and breaches."""
    heading = HEADINGS[breakdown.by]
    labels = [label(breakdown.by, g.key, names) for g in breakdown.groups]
    groups = list(zip(labels, breakdown.groups, strict=True))
    return Section(
        breakdown.by.value,
        f"By {breakdown.by.value}",
        [
            Chart(
                f"{breakdown.by.value}-{slug}",
                title,
                heading,
                [(name, figure(group)) for name, group in groups],
                shown,
            )
            for slug, title, figure, shown in MEASURES
        ],
    )


def label(by: Grouping, key: str | None, names: Mapping[str, str]) -> str:
    if by is Grouping.ASSIGNEE:
        return "Unassigned" if key is None else names.get(key, f"Former staff {key[:8]}")
    return str(key).capitalize() if by is Grouping.PRIORITY else str(key)
