"""Version 3 of the customer directory: version 2 with the merges (`merged_into`, the survivor
a duplicate record was merged into; `merged`, the duplicates merged into a survivor). Built beside
version 2 from the log; version 2 is dropped once retired."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "customer_directory_0003"
down_revision = "customer_directory_0002"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS customer_directory_v3 (
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
        merged_into uuid,
        merged uuid[] NOT NULL DEFAULT '{}',
        erased boolean NOT NULL DEFAULT false,
        version bigint NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS customer_directory_v3_registered "
    "ON customer_directory_v3 (tenant_id, registered)",
    "CREATE INDEX IF NOT EXISTS customer_directory_v3_phone "
    "ON customer_directory_v3 (phone_token)",  # a token is its tenant's: no tenant_id needed
    "CREATE INDEX IF NOT EXISTS customer_directory_v3_email ON customer_directory_v3 (email_token)",
    # fastupdate off: no pending list of new tokens that every search would scan
    "CREATE INDEX IF NOT EXISTS customer_directory_v3_given "
    "ON customer_directory_v3 USING gin (given_tokens) WITH (fastupdate = off)",
    "CREATE INDEX IF NOT EXISTS customer_directory_v3_surname "
    "ON customer_directory_v3 USING gin (surname_tokens) WITH (fastupdate = off)",
    *tracking_table("customer_directory_tracking_v3"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model's version is undone by shipping the next one")
