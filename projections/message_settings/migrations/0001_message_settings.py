"""The message settings read model: a tenant's templates and its automatic messages."""

from alembic import op

from projections.migrations.tracking import tracking_table

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
    *tracking_table("message_settings_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model is rebuilt from the log, not taken down")
