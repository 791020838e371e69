"""The customer directory read model's tables as the first wave left them."""

from alembic import op

revision = "customer_directory_0001"
down_revision = None
branch_labels = ("customer_directory",)
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS customer_directory (
        customer_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        name text,
        surname text,
        phone text,
        email text,
        consents jsonb NOT NULL,
        devices jsonb NOT NULL,
        restricted boolean NOT NULL DEFAULT false,
        erased boolean NOT NULL DEFAULT false,
        version bigint NOT NULL,
        full_name text COLLATE "C" GENERATED ALWAYS AS (
            lower(coalesce(name, '') || ' ' || coalesce(surname, ''))
        ) STORED
    )
    """,
    "CREATE INDEX IF NOT EXISTS customer_directory_phone ON customer_directory (tenant_id, phone)",
    "CREATE INDEX IF NOT EXISTS customer_directory_email ON customer_directory (tenant_id, lower(email))",
    "CREATE INDEX IF NOT EXISTS customer_directory_name ON customer_directory (tenant_id, full_name, customer_id)",
    'CREATE INDEX IF NOT EXISTS customer_directory_surname ON customer_directory (tenant_id, lower(surname) COLLATE "C")',
    "CREATE TABLE IF NOT EXISTS customer_directory_tracking (application_name text, notification_id bigint, PRIMARY KEY (application_name)) WITH (autovacuum_enabled = true, autovacuum_vacuum_threshold = 100000000, autovacuum_vacuum_scale_factor = 0.5, autovacuum_analyze_threshold = 1000, autovacuum_analyze_scale_factor = 0.01)",
    "INSERT INTO customer_directory_tracking VALUES ('Aftersales', 0) ON CONFLICT DO NOTHING",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
