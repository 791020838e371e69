"""The privacy requests read model's tables as the first wave left them."""

from alembic import op

revision = "privacy_requests_0001"
down_revision = None
branch_labels = ("privacy_requests",)
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS privacy_requests (
        request_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        reference text NOT NULL,
        kind text NOT NULL,
        name text,
        email text,
        phone text,
        details text,
        received_at timestamptz NOT NULL,
        due_by timestamptz NOT NULL,
        extended boolean NOT NULL DEFAULT false,
        customer_id uuid,
        outcome text,
        note text,
        resolved_at timestamptz,
        version bigint NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS privacy_requests_due ON privacy_requests (tenant_id, due_by, request_id)",
    "CREATE TABLE IF NOT EXISTS privacy_requests_tracking (application_name text, notification_id bigint, PRIMARY KEY (application_name)) WITH (autovacuum_enabled = true, autovacuum_vacuum_threshold = 100000000, autovacuum_vacuum_scale_factor = 0.5, autovacuum_analyze_threshold = 1000, autovacuum_analyze_scale_factor = 0.01)",
    "INSERT INTO privacy_requests_tracking VALUES ('Aftersales', 0) ON CONFLICT DO NOTHING",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
