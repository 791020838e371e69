"""The data keys' table, in the key store's database (the events' one unless set apart)."""

from alembic import op

revision = "keys_0001"
down_revision = None
branch_labels = ("keys",)
depends_on = None

STATEMENTS = (
    "CREATE SEQUENCE IF NOT EXISTS aftersales_key_destructions",
    """
    CREATE TABLE IF NOT EXISTS aftersales_keys (
        key_id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        wrapped bytea,
        master_key_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        destroyed_seq bigint UNIQUE,
        destroyed_at timestamptz,
        CHECK ((wrapped IS NULL) = (destroyed_seq IS NOT NULL))
    )
    """,
    "CREATE INDEX IF NOT EXISTS aftersales_keys_owner ON aftersales_keys (owner_id)",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
