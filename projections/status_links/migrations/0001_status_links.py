"""The status links read model: tickets' links by the digest of their token, and the shops."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "status_links_0001"
down_revision = None
branch_labels = ("status_links",)
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS status_links (
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
    CREATE TABLE IF NOT EXISTS status_link_shops (
        tenant_id uuid PRIMARY KEY,
        name text NOT NULL,
        phone text,
        email text,
        address text,
        hours jsonb NOT NULL
    )
    """,
    *tracking_table("status_links_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model is rebuilt from the log, not taken down")
