"""Service figures for a period: open tickets, times to first response and to resolution,
tickets past their due time and customers' satisfaction ratings per week (see
projections/service_figures/projection.py for what each means)."""

from collections import Counter
from datetime import date, datetime
from uuid import UUID

from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier
from pydantic import BaseModel, Field

from domain.access import REPORT_READERS
from domain.context import RequestContext, authorize
from domain.errors import InvalidValue
from domain.tenant_policies import DEFAULT_TARGET_HOURS
from domain.ticket_status import FINISHED, TicketStatus
from domain.values import Priority
from projections.service_figures.projection import ServiceFigures
from projections.service_figures.tables import SERVICE_TARGETS, TICKET_SERVICE
from queries.read_models import reads
from queries.read_store import ReadStore

PAST_DUE_LISTED = 100


class Durations(BaseModel):
    """Over the tickets that reached the moment in the period: how many, and how long it took."""

    count: int
    median_seconds: float | None
    p90_seconds: float | None


class AssigneeCount(BaseModel):
    assignee_id: UUID | None
    count: int


class OpenTickets(BaseModel):
    total: int
    by_status: dict[TicketStatus, int]
    by_assignee: list[AssigneeCount]


class PastDueTicket(BaseModel):
    id: UUID
    number: str
    priority: Priority
    status: TicketStatus
    assignee_id: UUID | None
    opened_at: datetime
    due_at: datetime


class PastDue(BaseModel):
    """Open tickets whose due time (opening + the priority's target) is before the period's end;
    `tickets` lists the most overdue, up to 100."""

    total: int
    by_priority: dict[Priority, int]
    tickets: list[PastDueTicket]


class WeekSatisfaction(BaseModel):
    """The ratings customers gave in a week (from Monday, UTC) of the period: how many, and
    their average (1 to 5)."""

    week: date
    count: int
    average: float


class SummaryPublic(BaseModel):
    period_from: datetime = Field(serialization_alias="from")
    period_to: datetime = Field(serialization_alias="to")
    open: OpenTickets
    first_response: Durations
    resolution: Durations
    past_due: PastDue
    target_hours: dict[Priority, int]
    satisfaction: list[WeekSatisfaction]


_OPEN = SQL("""
SELECT status, assignee_id, count(*) AS count FROM {service}
WHERE tenant_id = %s AND NOT status = ANY(%s) GROUP BY status, assignee_id
ORDER BY status, assignee_id NULLS FIRST
""").format(service=TICKET_SERVICE.sql)
_DURATIONS = SQL("""
SELECT count(*) AS count,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM {at} - opened_at))
        AS median_seconds,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM {at} - opened_at))
        AS p90_seconds
FROM {service} WHERE tenant_id = %s AND {at} >= %s AND {at} < %s
""")
_PAST_DUE = SQL("""
SELECT ticket_id AS id, number, priority, status, assignee_id, opened_at,
    opened_at + make_interval(hours => target.hours) AS due_at
FROM {service} JOIN unnest(%(priorities)s::text[], %(hours)s::int[])
    AS target(priority, hours) USING (priority)
WHERE tenant_id = %(tenant)s AND NOT status = ANY(%(finished)s)
    AND opened_at + make_interval(hours => target.hours) < %(to)s
ORDER BY due_at, ticket_id
""").format(service=TICKET_SERVICE.sql)
_SATISFACTION = SQL("""
SELECT date_trunc('week', rated_at AT TIME ZONE 'UTC')::date AS week, count(*) AS count,
    round(avg(rating), 2)::float AS average
FROM {service} WHERE tenant_id = %s AND rated_at >= %s AND rated_at < %s
GROUP BY week ORDER BY week
""").format(service=TICKET_SERVICE.sql)
_TARGETS = SQL("SELECT priority, hours FROM {} WHERE tenant_id = %s").format(SERVICE_TARGETS.sql)


@reads(ServiceFigures)
def service_summary(
    db: ReadStore, ctx: RequestContext, start: datetime, end: datetime
) -> SummaryPublic:
    authorize(ctx, REPORT_READERS)
    if start >= end:
        raise InvalidValue("from", "the period must start before it ends (`to`)")
    finished = [status.value for status in FINISHED]
    with db.transaction(commit=False) as curs:
        curs.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        targets = service_targets(curs, ctx.tenant_id)
        open_rows = curs.execute(_OPEN, (ctx.tenant_id, finished)).fetchall()
        durations = {
            column: _durations(curs, column, ctx.tenant_id, start, end)
            for column in ("first_response_at", "resolved_at")
        }
        past_due = curs.execute(
            _PAST_DUE,
            {
                "priorities": [p.value for p in targets],
                "hours": list(targets.values()),
                "tenant": ctx.tenant_id,
                "finished": finished,
                "to": end,
            },
        ).fetchall()
        rated = curs.execute(_SATISFACTION, (ctx.tenant_id, start, end)).fetchall()
    return SummaryPublic(
        period_from=start,
        period_to=end,
        open=_open(open_rows),
        first_response=durations["first_response_at"],
        resolution=durations["resolved_at"],
        past_due=PastDue(
            total=len(past_due),
            by_priority=dict(Counter(row["priority"] for row in past_due)),
            tickets=[PastDueTicket.model_validate(r) for r in past_due[:PAST_DUE_LISTED]],
        ),
        target_hours=targets,
        satisfaction=[WeekSatisfaction.model_validate(row) for row in rated],
    )


def service_targets(curs: Cursor[DictRow], tenant_id: UUID) -> dict[Priority, int]:
    """The tenant's target hours per priority, the defaults where it set none."""
    rows = curs.execute(_TARGETS, (tenant_id,)).fetchall()
    return {**DEFAULT_TARGET_HOURS, **{Priority(r["priority"]): r["hours"] for r in rows}}


def _durations(
    curs: Cursor[DictRow], column: str, tenant_id: UUID, start: datetime, end: datetime
) -> Durations:
    query = _DURATIONS.format(at=Identifier(column), service=TICKET_SERVICE.sql)
    row = curs.execute(query, (tenant_id, start, end)).fetchone()
    return Durations.model_validate(row)


def _open(rows: list[DictRow]) -> OpenTickets:
    by_status: Counter[TicketStatus] = Counter()
    by_assignee: Counter[UUID | None] = Counter()
    for row in rows:
        by_status[row["status"]] += row["count"]
        by_assignee[row["assignee_id"]] += row["count"]
    return OpenTickets(
        total=by_status.total(),
        by_status=dict(by_status),
        by_assignee=[
            AssigneeCount(assignee_id=a, count=by_assignee[a])
            for a in sorted(by_assignee, key=lambda a: (a is not None, str(a)))
        ],
    )
