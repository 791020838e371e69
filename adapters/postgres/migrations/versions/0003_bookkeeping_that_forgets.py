"""Bookkeeping that forgets (issue 13): the keys an erasure destroyed, listed beside the events so
that a writer's transaction sees them; Idempotency-Keys, the bodies sent with them, and the
usernames, addresses and devices of failed logins kept only as keyed HMACs. The clear columns
are dropped with their rows: stored answers are replays of at most a day, failed logins count
for minutes.

The erased keys' list starts empty: keys destroyed before it existed are known to every process's
key cache already (each looks again within seconds), which is all the list guards against."""

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
    "TRUNCATE aftersales_idempotency",  # new files: the clear keys leave the table's pages
    "ALTER TABLE aftersales_idempotency DROP COLUMN key, DROP COLUMN fingerprint",
    """
    ALTER TABLE aftersales_idempotency
        ADD COLUMN key_digest text NOT NULL,
        ADD COLUMN body_digest text NOT NULL,
        ADD PRIMARY KEY (tenant_id, key_digest)
    """,
    "CREATE INDEX aftersales_idempotency_created ON aftersales_idempotency (created_at)",
    "TRUNCATE aftersales_login_failures",
    "ALTER TABLE aftersales_login_failures DROP COLUMN username, DROP COLUMN source, "
    "DROP COLUMN device",
    """
    ALTER TABLE aftersales_login_failures
        ADD COLUMN username_digest text NOT NULL,
        ADD COLUMN source_digest text NOT NULL,
        ADD COLUMN device_digest text
    """,
    """
    CREATE INDEX aftersales_login_failures_username
        ON aftersales_login_failures (username_digest, failed_at)
    """,
    """
    CREATE INDEX aftersales_login_failures_source
        ON aftersales_login_failures (source_digest, failed_at)
    """,
    "CREATE INDEX aftersales_login_failures_at ON aftersales_login_failures (failed_at)",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    """Back to the clear columns, empty: digests cannot be turned back into keys or usernames."""
    op.execute("DROP TABLE aftersales_erased_keys")
    op.execute("DELETE FROM aftersales_idempotency")
    op.execute("DROP INDEX aftersales_idempotency_created")
    op.execute("ALTER TABLE aftersales_idempotency DROP COLUMN key_digest, DROP COLUMN body_digest")
    op.execute(
        "ALTER TABLE aftersales_idempotency ADD COLUMN key text NOT NULL, "
        "ADD COLUMN fingerprint text NOT NULL, ADD PRIMARY KEY (tenant_id, key)"
    )
    op.execute("DELETE FROM aftersales_login_failures")
    op.execute("DROP INDEX aftersales_login_failures_at")
    op.execute(
        "ALTER TABLE aftersales_login_failures DROP COLUMN username_digest, "
        "DROP COLUMN source_digest, DROP COLUMN device_digest"
    )
    op.execute(
        "ALTER TABLE aftersales_login_failures ADD COLUMN username text NOT NULL, "
        "ADD COLUMN source text NOT NULL, ADD COLUMN device text"
    )
    for column in ("username", "source"):
        op.execute(
            f"CREATE INDEX aftersales_login_failures_{column} "
            f"ON aftersales_login_failures ({column}, failed_at)"
        )
