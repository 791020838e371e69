"""The service figures read model's tables as the first wave left them."""

from alembic import op

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
    "CREATE TABLE IF NOT EXISTS service_figures_tracking (application_name text, notification_id bigint, PRIMARY KEY (application_name)) WITH (autovacuum_enabled = true, autovacuum_vacuum_threshold = 100000000, autovacuum_vacuum_scale_factor = 0.5, autovacuum_analyze_threshold = 1000, autovacuum_analyze_scale_factor = 0.01)",
    "INSERT INTO service_figures_tracking VALUES ('Aftersales', 0) ON CONFLICT DO NOTHING",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
