"""Rows a parked event leaves stale, never shown as if whole.

A follower that cannot apply an event parks it (adapters/postgres/parked_events.py creates the
table) and holds back that aggregate's later events until an operator retries or skips it. Until
then the read model's rows of what the event names are stale: a read of one ticket or customer
answers 409 `read_model_stale` (also when the parked event is the one that would have made the
row), and a list marks such rows `stale: true`.
"""

from uuid import UUID

from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composable, Composed, Identifier, Literal

from domain.refusals import Conflict

PARKED = "aftersales_parked_events"


def stale(read_model: str, tenant: Composable, ids: Composable) -> Composed:
    """SQL that is true when the read model has a parked event of the tenant naming any of the
    ids (SQL expressions, qualified: the subquery has columns of the same names)."""
    return SQL(
        "EXISTS (SELECT FROM {} p WHERE p.follower = {} "
        "AND p.state = 'parked' AND p.tenant_id = {} AND p.concerns && ({}))"
    ).format(Identifier(PARKED), Literal(read_model), tenant, ids)


class ReadModelStale(Conflict):
    """What the caller asked for is stale in its read model: an event of it is parked."""

    def __init__(self, kind: str, ident: UUID) -> None:
        super().__init__(
            "read_model_stale",
            f"the {kind} {ident} cannot be shown whole: an event of it could not be applied and "
            "waits for an operator (aftersales projections parked); try again later",
        )


def refuse_if_parked(
    curs: Cursor[DictRow], read_model: str, kind: str, tenant_id: UUID, ident: UUID
) -> None:
    """ReadModelStale when the read model has a parked event about the thing (row or not)."""
    parked = stale(read_model, SQL("%s"), SQL("ARRAY[%s::uuid]"))
    row = curs.execute(SQL("SELECT {} AS stale").format(parked), (tenant_id, ident)).fetchone()
    if row and row["stale"]:
        raise ReadModelStale(kind, ident)
