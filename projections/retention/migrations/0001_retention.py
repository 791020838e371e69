"""The retention read model's tables as the first wave left them."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "retention_0001"
down_revision = None
branch_labels = ("retention",)
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS retention_customers (
        customer_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        last_activity_at timestamptz NOT NULL,
        legal_hold boolean NOT NULL DEFAULT false,
        erased boolean NOT NULL DEFAULT false
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS retention_tickets (
        ticket_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        opened_at timestamptz NOT NULL,
        last_activity_at timestamptz NOT NULL,
        finished_at timestamptz,
        deidentified boolean NOT NULL DEFAULT false
    )
    """,
    "CREATE INDEX IF NOT EXISTS retention_tickets_customer ON retention_tickets (customer_id)",
    """
    CREATE TABLE IF NOT EXISTS retention_policies (
        tenant_id uuid PRIMARY KEY,
        customer_days integer,
        ticket_text_days integer
    )
    """,
    *tracking_table("retention_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
