"""KEK epochs (adapters/postgres/kek_epochs.py): each data key records the epoch whose KEK
wraps it, in place of the master key's id. The master key from before epochs becomes epoch 1
(its KEK put in the KEK store at the next start, adapters/crypto/legacy_master.py), and every
existing row is counted as epoch 1's, destroyed ones too: their old row versions were wrapped
by it, so they are sealed when epoch 1 is retired."""

from alembic import op

revision = "keys_0002"
down_revision = "keys_0001"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE aftersales_kek_epochs (
        epoch integer PRIMARY KEY CHECK (epoch > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
    )
    """,
    "INSERT INTO aftersales_kek_epochs (epoch) VALUES (1)",
    "ALTER TABLE aftersales_keys ADD COLUMN kek_epoch integer",
    "UPDATE aftersales_keys SET kek_epoch = 1",
    "ALTER TABLE aftersales_keys DROP COLUMN master_key_id",
    "ALTER TABLE aftersales_keys ADD CONSTRAINT aftersales_keys_wrapped_by_an_epoch "
    "CHECK (wrapped IS NULL OR kek_epoch IS NOT NULL)",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a KEK retired is gone: the master key cannot come back")
