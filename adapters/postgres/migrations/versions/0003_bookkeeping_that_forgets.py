"""The keys erasures destroyed, listed beside the events so that a writer's transaction sees them
(adapters/postgres/erased_keys.py).

The list starts empty: keys destroyed before it existed are known to every process's key cache
already (each looks again within seconds), which is all the list guards against."""

from alembic import op

revision = "service_0003"
down_revision = "service_0002"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE aftersales_erased_keys (
        key_id uuid PRIMARY KEY,
        erased_at timestamptz NOT NULL DEFAULT now()
    )
    """,
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE aftersales_erased_keys")
