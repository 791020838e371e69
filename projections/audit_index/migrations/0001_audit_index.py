"""The audit index read model's tables as the first wave left them."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "audit_index_0001"
down_revision = None
branch_labels = ("audit_index",)
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS audit_index (
        notification_id bigint PRIMARY KEY,
        tenant_id uuid NOT NULL,
        aggregate_id uuid NOT NULL,
        aggregate_version bigint NOT NULL,
        event_type text NOT NULL,
        actor text NOT NULL,
        request_id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        sensitive boolean NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS audit_index_tenant_time ON audit_index (tenant_id, occurred_at, notification_id)",
    "CREATE INDEX IF NOT EXISTS audit_index_actor ON audit_index (tenant_id, actor)",
    "CREATE INDEX IF NOT EXISTS audit_index_aggregate ON audit_index (tenant_id, aggregate_id)",
    *tracking_table("audit_index_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
