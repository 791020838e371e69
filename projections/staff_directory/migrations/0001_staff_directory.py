"""The staff directory read model's tables as the first wave left them."""

from alembic import op

revision = "staff_directory_0001"
down_revision = None
branch_labels = ("staff_directory",)
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS staff_directory (
        staff_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        username text,
        display_name text,
        roles text[] NOT NULL,
        active boolean NOT NULL,
        last_login_at timestamptz,
        version bigint NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS staff_directory_tenant ON staff_directory (tenant_id, username)",
    "CREATE TABLE IF NOT EXISTS staff_directory_tracking (application_name text, notification_id bigint, PRIMARY KEY (application_name)) WITH (autovacuum_enabled = true, autovacuum_vacuum_threshold = 100000000, autovacuum_vacuum_scale_factor = 0.5, autovacuum_analyze_threshold = 1000, autovacuum_analyze_scale_factor = 0.01)",
    "INSERT INTO staff_directory_tracking VALUES ('Aftersales', 0) ON CONFLICT DO NOTHING",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
