"""The staff directory read model's tables as the first wave left them."""

from alembic import op

from projections.migrations.tracking import tracking_table

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
    *tracking_table("staff_directory_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
