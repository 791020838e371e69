"""The service figures' version 2: each ticket's satisfaction rating (1 to 5) and when it was
given, for the reports. Built beside version 1, which the blue-green machinery drops once it is
retired."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "service_figures_0002"
down_revision = "service_figures_0001"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS ticket_service_v2 (
        ticket_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        number text NOT NULL,
        priority text NOT NULL,
        status text NOT NULL,
        assignee_id uuid,
        opened_at timestamptz NOT NULL,
        first_response_at timestamptz,
        resolved_at timestamptz,
        rating smallint,
        rated_at timestamptz
    )
    """,
    "CREATE INDEX IF NOT EXISTS ticket_service_v2_status ON ticket_service_v2 (tenant_id, status)",
    "CREATE INDEX IF NOT EXISTS ticket_service_v2_response ON ticket_service_v2 "
    "(tenant_id, first_response_at)",
    "CREATE INDEX IF NOT EXISTS ticket_service_v2_resolution ON ticket_service_v2 "
    "(tenant_id, resolved_at)",
    "CREATE INDEX IF NOT EXISTS ticket_service_v2_rating ON ticket_service_v2 "
    "(tenant_id, rated_at)",
    """
    CREATE TABLE IF NOT EXISTS service_targets_v2 (
        tenant_id uuid NOT NULL,
        priority text NOT NULL,
        hours integer NOT NULL,
        PRIMARY KEY (tenant_id, priority)
    )
    """,
    *tracking_table("service_figures_tracking_v2"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model's version is not taken down: ship the next one")
