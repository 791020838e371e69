"""The privacy requests' version 2: the requester's name, email, phone and details, and the
resolution's note, sealed (bytea). Built beside version 1, which the blue-green machinery drops
once it is retired."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "privacy_requests_0002"
down_revision = "privacy_requests_0001"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS privacy_requests_v2 (
        request_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        reference text NOT NULL,
        kind text NOT NULL,
        name bytea,
        email bytea,
        phone bytea,
        details bytea,
        received_at timestamptz NOT NULL,
        due_by timestamptz NOT NULL,
        extended boolean NOT NULL DEFAULT false,
        customer_id uuid,
        outcome text,
        note bytea,
        resolved_at timestamptz,
        version bigint NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS privacy_requests_v2_due ON privacy_requests_v2 "
    "(tenant_id, due_by, request_id)",
    "CREATE INDEX IF NOT EXISTS privacy_requests_v2_customer ON privacy_requests_v2 "
    "(tenant_id, customer_id)",
    *tracking_table("privacy_requests_tracking_v2"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model's version is not taken down: ship the next one")
