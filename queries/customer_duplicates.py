"""Who a new registration may duplicate: the customers already on record with that phone or
that email, found by their blind-index tokens (projections/customer_directory/search.py); a
record already merged into another is not one to offer."""

from psycopg.sql import SQL

from domain.access import DESK
from domain.context import RequestContext, authorize
from projections.customer_directory import search
from projections.customer_directory.projection import CustomerDirectory
from projections.customer_directory.tables import CUSTOMER_DIRECTORY
from queries.customers import FIELDS, CustomerSummary, opened
from queries.read_models import reads
from queries.read_store import ReadStore

MOST = 20  # a phone or email on more records than this is a data problem, not a list to read

_ON_RECORD = SQL(
    "SELECT {} FROM {} WHERE tenant_id = %s AND (phone_token = %s OR email_token = %s) "
    "AND merged_into IS NULL ORDER BY registered LIMIT %s"
).format(FIELDS, CUSTOMER_DIRECTORY.sql)


@reads(CustomerDirectory)
def customers_on_record(
    db: ReadStore, ctx: RequestContext, phone: str | None, email: str | None
) -> list[CustomerSummary]:
    """The customers whose phone is `phone` or whose email is `email` (both normalised, as
    registration normalises them), oldest registration first; none when neither is given."""
    authorize(ctx, DESK)
    if phone is None and email is None:
        return []
    tokens = (
        search.value_token(db.columns, ctx.tenant_id, search.PHONE, phone),
        search.value_token(db.columns, ctx.tenant_id, search.EMAIL, email),
    )
    with db.transaction(commit=False) as curs:
        rows = curs.execute(_ON_RECORD, (ctx.tenant_id, *tokens, MOST)).fetchall()
    db.columns.prefetch(row["id"] for row in rows)
    return [CustomerSummary.model_validate(opened(db, row)) for row in rows]
