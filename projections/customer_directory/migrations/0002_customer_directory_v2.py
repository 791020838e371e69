"""Version 2 of the customer directory: personal columns sealed under each customer's data key
(bytea), found by keyed blind-index tokens (projections/customer_directory/search.py), and in
order of registration (the log position of `Customer.Registered`), since no SQL can order by a
sealed name. Built beside version 1 from the log; version 1 is dropped once retired."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "customer_directory_0002"
down_revision = "customer_directory_0001"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS customer_directory_v2 (
        customer_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        registered bigint NOT NULL,
        name bytea,
        surname bytea,
        phone bytea,
        email bytea,
        phone_token bytea,
        email_token bytea,
        given_tokens bytea[],
        surname_tokens bytea[],
        consents jsonb NOT NULL,
        whatsapp_source bytea,
        sms_source bytea,
        email_source bytea,
        devices jsonb NOT NULL,
        restricted boolean NOT NULL DEFAULT false,
        erased boolean NOT NULL DEFAULT false,
        version bigint NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS customer_directory_v2_registered "
    "ON customer_directory_v2 (tenant_id, registered)",
    "CREATE INDEX IF NOT EXISTS customer_directory_v2_phone "
    "ON customer_directory_v2 (phone_token)",  # a token is its tenant's: no tenant_id needed
    "CREATE INDEX IF NOT EXISTS customer_directory_v2_email ON customer_directory_v2 (email_token)",
    # fastupdate off: no pending list of new tokens that every search would scan
    "CREATE INDEX IF NOT EXISTS customer_directory_v2_given "
    "ON customer_directory_v2 USING gin (given_tokens) WITH (fastupdate = off)",
    "CREATE INDEX IF NOT EXISTS customer_directory_v2_surname "
    "ON customer_directory_v2 USING gin (surname_tokens) WITH (fastupdate = off)",
    *tracking_table("customer_directory_tracking_v2"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model's version is undone by shipping the next one")
