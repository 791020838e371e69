"""The message settings read model: a tenant's templates and its automatic messages."""

from alembic import op

revision = "message_settings_0001"
down_revision = None
branch_labels = ("message_settings",)
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS message_templates (
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        text text NOT NULL,
        email_subject text,
        whatsapp_template text,
        whatsapp_language text NOT NULL,
        PRIMARY KEY (tenant_id, name)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS automatic_messages (
        tenant_id uuid NOT NULL,
        trigger text NOT NULL,
        template text NOT NULL,
        PRIMARY KEY (tenant_id, trigger)
    )
    """,
    "CREATE TABLE IF NOT EXISTS message_settings_tracking (application_name text, notification_id bigint, PRIMARY KEY (application_name)) WITH (autovacuum_enabled = true, autovacuum_vacuum_threshold = 100000000, autovacuum_vacuum_scale_factor = 0.5, autovacuum_analyze_threshold = 1000, autovacuum_analyze_scale_factor = 0.01)",
    "INSERT INTO message_settings_tracking VALUES ('Aftersales', 0) ON CONFLICT DO NOTHING",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model is rebuilt from the log, not taken down")
