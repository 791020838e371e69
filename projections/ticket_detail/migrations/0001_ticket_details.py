"""The ticket details read model's tables as the first wave left them."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "ticket_details_0001"
down_revision = None
branch_labels = ("ticket_details",)
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS ticket_details (
        ticket_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        number text NOT NULL,
        customer_id uuid NOT NULL,
        make text NOT NULL,
        model text NOT NULL,
        serial_number text NOT NULL,
        fault_description text,
        priority text NOT NULL,
        channel text NOT NULL,
        status text NOT NULL,
        assignee_id uuid,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        closed_at timestamptz,
        resolution text,
        summary text,
        erased boolean NOT NULL DEFAULT false,
        version bigint NOT NULL
    ,
                timeline jsonb NOT NULL,
                texts jsonb
            )
    """,
    "CREATE INDEX IF NOT EXISTS ticket_details_customer ON ticket_details (tenant_id, customer_id)",
    """
    CREATE TABLE IF NOT EXISTS ticket_messages (
        message_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        ticket_id uuid,
        customer_id uuid,
        direction text NOT NULL,
        channel text NOT NULL,
        purpose text,
        status text NOT NULL,
        body text,
        sender text,
        failure_code text,
        failure_reason text,
        provider_id text,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        created_by text NOT NULL,
        erased boolean NOT NULL DEFAULT false
    )
    """,
    "CREATE INDEX IF NOT EXISTS ticket_messages_ticket ON ticket_messages (ticket_id, created_at)",
    "CREATE INDEX IF NOT EXISTS ticket_messages_customer ON ticket_messages (tenant_id, customer_id)",
    "CREATE INDEX IF NOT EXISTS ticket_messages_provider ON ticket_messages (tenant_id, provider_id)",
    "CREATE INDEX IF NOT EXISTS ticket_messages_triage ON ticket_messages (tenant_id, created_at, message_id) WHERE ticket_id IS NULL",
    *tracking_table("ticket_details_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
