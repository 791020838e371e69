"""The service figures read model's tables as the first wave left them."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "service_figures_0001"
down_revision = None
branch_labels = ("service_figures",)
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS ticket_service (
        ticket_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        number text NOT NULL,
        priority text NOT NULL,
        status text NOT NULL,
        assignee_id uuid,
        opened_at timestamptz NOT NULL,
        first_response_at timestamptz,
        resolved_at timestamptz
    )
    """,
    "CREATE INDEX IF NOT EXISTS ticket_service_status ON ticket_service (tenant_id, status)",
    "CREATE INDEX IF NOT EXISTS ticket_service_response ON ticket_service (tenant_id, first_response_at)",
    "CREATE INDEX IF NOT EXISTS ticket_service_resolution ON ticket_service (tenant_id, resolved_at)",
    """
    CREATE TABLE IF NOT EXISTS service_targets (
        tenant_id uuid NOT NULL,
        priority text NOT NULL,
        hours integer NOT NULL,
        PRIMARY KEY (tenant_id, priority)
    )
    """,
    *tracking_table("service_figures_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
