"""The status links' version 2: a ticket's quote moving (drafted, sent, decided) and its rating
move its page's position too, so an open page shows the quote, and drops its form once it is
decided, live. Built beside version 1, which the blue-green machinery drops once retired."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "status_links_0002"
down_revision = "status_links_0001"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS status_links_v2 (
        ticket_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        lookup bytea NOT NULL UNIQUE,
        generation integer NOT NULL,
        number text NOT NULL,
        make text NOT NULL,
        model text NOT NULL,
        status text NOT NULL,
        steps jsonb NOT NULL,
        finished_at timestamptz,
        position bigint NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS status_link_shops_v2 (
        tenant_id uuid PRIMARY KEY,
        name text NOT NULL,
        phone text,
        email text,
        address text,
        hours jsonb NOT NULL
    )
    """,
    *tracking_table("status_links_tracking_v2"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model's version is not taken down: ship the next one")
