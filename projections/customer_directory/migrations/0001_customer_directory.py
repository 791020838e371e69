"""The customer directory read model's tables as the first wave left them."""

from alembic import op

from projections.migrations.tracking import tracking_table

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
    *tracking_table("customer_directory_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
