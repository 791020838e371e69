"""The audit index read model's tables as the first wave left them."""

from alembic import op

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
    "CREATE TABLE IF NOT EXISTS audit_index_tracking (application_name text, notification_id bigint, PRIMARY KEY (application_name)) WITH (autovacuum_enabled = true, autovacuum_vacuum_threshold = 100000000, autovacuum_vacuum_scale_factor = 0.5, autovacuum_analyze_threshold = 1000, autovacuum_analyze_scale_factor = 0.01)",
    "INSERT INTO audit_index_tracking VALUES ('Aftersales', 0) ON CONFLICT DO NOTHING",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
