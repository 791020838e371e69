"""The summary's service figures broken down by week, priority or assignee: in each group, the
times to first response and to resolution, and the tickets that breached their target (see
docs/API-extensions.md, "The breakdown")."""

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composable, Identifier
from pydantic import BaseModel, Field

from domain.access import REPORT_READERS
from domain.context import RequestContext, authorize
from domain.errors import InvalidValue
from domain.ticket_status import TicketStatus
from domain.values import Priority
from projections.service_figures.projection import ServiceFigures
from projections.service_figures.tables import TICKET_SERVICE
from queries.read_models import reads
from queries.read_store import ReadStore
from queries.reports import Durations, service_targets

WEEKS_AT_MOST = 106  # two years of weeks, each listed whether or not it had tickets
WEEK = timedelta(weeks=1)


class Grouping(StrEnum):
    WEEK = "week"
    PRIORITY = "priority"
    ASSIGNEE = "assignee"


class GroupFigures(BaseModel):
    """One group: its key (the week's Monday, UTC, as YYYY-MM-DD; the priority; or the assignee's
    id, null for unassigned tickets), and its figures."""

    key: str | None
    first_response: Durations
    resolution: Durations
    breached: int


class BreakdownPublic(BaseModel):
    period_from: datetime = Field(serialization_alias="from")
    period_to: datetime = Field(serialization_alias="to")
    by: Grouping
    groups: list[GroupFigures]


# Each measure's moment: the week it falls in is its group by week.
_KEYS = {
    Grouping.WEEK: "to_char(date_trunc('week', {at} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')",
    Grouping.PRIORITY: "priority",
    Grouping.ASSIGNEE: "assignee_id::text",
}
_FIGURES = """
WITH timed AS (
    SELECT service.*, opened_at + make_interval(hours => target.hours) AS due_at
    FROM {service} AS service JOIN unnest(%(priorities)s::text[], %(hours)s::int[])
        AS target(priority, hours) USING (priority)
    WHERE tenant_id = %(tenant)s
)
SELECT {key} AS key, count(*) AS count,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM {at} - opened_at))
        AS median_seconds,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM {at} - opened_at))
        AS p90_seconds
FROM timed WHERE {at} >= %(from)s AND {at} < %(to)s AND {which} GROUP BY 1
"""
# Due in the period and not resolved by then (cancelled tickets are not breaches).
_BREACHED = SQL("(resolved_at IS NULL OR resolved_at > due_at) AND status <> {}").format(
    TicketStatus.CANCELLED.value
)


@reads(ServiceFigures)
def service_breakdown(
    db: ReadStore, ctx: RequestContext, by: Grouping, start: datetime, end: datetime
) -> BreakdownPublic:
    authorize(ctx, REPORT_READERS)
    if start >= end:
        raise InvalidValue("from", "the period must start before it ends (`to`)")
    if by is Grouping.WEEK and end - start > WEEKS_AT_MOST * WEEK:
        raise InvalidValue("from", f"a breakdown by week covers at most {WEEKS_AT_MOST} weeks")
    with db.transaction(commit=False) as curs:
        curs.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        targets = service_targets(curs, ctx.tenant_id)
        params = {
            "priorities": [p.value for p in targets],
            "hours": list(targets.values()),
            "tenant": ctx.tenant_id,
            "from": start,
            "to": end,
        }
        figures = {
            measure: _figures(curs, by, at, which, params)
            for measure, at, which in (
                ("first_response", "first_response_at", SQL("TRUE")),
                ("resolution", "resolved_at", SQL("TRUE")),
                ("breached", "due_at", _BREACHED),
            )
        }
    none = Durations(count=0, median_seconds=None, p90_seconds=None)
    return BreakdownPublic(
        period_from=start,
        period_to=end,
        by=by,
        groups=[
            GroupFigures(
                key=key,
                first_response=figures["first_response"].get(key, none),
                resolution=figures["resolution"].get(key, none),
                breached=figures["breached"].get(key, none).count,
            )
            for key in _keys(by, start, end, {k for f in figures.values() for k in f})
        ],
    )


def _figures(
    curs: Cursor[DictRow], by: Grouping, at: str, which: Composable, params: dict[str, object]
) -> dict[str | None, Durations]:
    moment = Identifier(at)
    key = SQL(_KEYS[by]).format(at=moment)
    query = SQL(_FIGURES).format(service=TICKET_SERVICE.sql, key=key, at=moment, which=which)
    return {row["key"]: Durations.model_validate(row) for row in curs.execute(query, params)}


def _keys(by: Grouping, start: datetime, end: datetime, found: set[str | None]) -> list[str | None]:
    """The groups in order: every week of the period, every priority, the assignees found
    (unassigned first)."""
    if by is Grouping.WEEK:
        monday = start.astimezone(UTC).date()
        monday -= timedelta(days=monday.weekday())
        last = (end - timedelta(microseconds=1)).astimezone(UTC).date()
        return [(monday + n * WEEK).isoformat() for n in range((last - monday).days // 7 + 1)]
    if by is Grouping.PRIORITY:
        return [p.value for p in Priority]
    return sorted(found, key=lambda key: (key is not None, key or ""))
