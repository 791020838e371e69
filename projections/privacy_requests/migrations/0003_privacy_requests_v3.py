"""The privacy requests' version 3: version 2 with the proof of identity (`verified_by`: `code`
or `staff`, `verified_at`) and the export's downloads. Built beside version 2 from the log;
version 2 is dropped once retired."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "privacy_requests_0003"
down_revision = "privacy_requests_0002"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS privacy_requests_v3 (
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
        verified_by text,
        verified_at timestamptz,
        downloads integer NOT NULL DEFAULT 0,
        version bigint NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS privacy_requests_v3_due ON privacy_requests_v3 "
    "(tenant_id, due_by, request_id)",
    "CREATE INDEX IF NOT EXISTS privacy_requests_v3_customer ON privacy_requests_v3 "
    "(tenant_id, customer_id)",
    *tracking_table("privacy_requests_tracking_v3"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model's version is not taken down: ship the next one")
