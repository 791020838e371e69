"""The privacy requests read model's tables as the first wave left them."""

from alembic import op

from projections.migrations.tracking import tracking_table

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
    *tracking_table("privacy_requests_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
