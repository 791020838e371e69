"""Which versions of each read model exist and which answers queries (blue-green rebuilds,
adapters/postgres/read_model_versions.py): a version is `building` beside the `active` one until
it has caught up with the log, then `active`, the old one `retired`, and `dropped` once no
process serves it (its tables, listed here, and its tracking table dropped); `since` is when it
took its state."""

from alembic import op

revision = "service_0002"
down_revision = "service_0001"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE aftersales_read_model_versions (
        name text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        state text NOT NULL CHECK (state IN ('building', 'active', 'retired', 'dropped')),
        tables text[] NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        since timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (name, version)
    )
    """,
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE aftersales_read_model_versions")
