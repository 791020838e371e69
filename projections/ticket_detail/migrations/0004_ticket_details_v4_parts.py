"""The ticket details' version 4: version 3 with the ticket's parts in its timeline (ordered,
with supplier, tracking and cost; arrived; cancelled: business data, no free text). Built beside
version 3 from the log; version 3 is dropped once retired."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "ticket_details_0004"
down_revision = "ticket_details_0003"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS ticket_details_v4 (
        ticket_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        number text NOT NULL,
        customer_id uuid NOT NULL,
        make text NOT NULL,
        model text NOT NULL,
        serial_number text NOT NULL,
        fault_description bytea,
        priority text NOT NULL,
        channel text NOT NULL,
        status text NOT NULL,
        assignee_id uuid,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        closed_at timestamptz,
        resolution text,
        summary bytea,
        erased boolean NOT NULL DEFAULT false,
        version bigint NOT NULL,
        timeline jsonb NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS ticket_details_v4_customer ON ticket_details_v4 "
    "(tenant_id, customer_id)",
    """
    CREATE TABLE IF NOT EXISTS ticket_texts_v4 (
        ticket_id uuid NOT NULL,
        version bigint NOT NULL,
        tenant_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        text bytea,
        PRIMARY KEY (ticket_id, version)
    )
    """,
    "CREATE INDEX IF NOT EXISTS ticket_texts_v4_customer ON ticket_texts_v4 "
    "(tenant_id, customer_id)",
    """
    CREATE TABLE IF NOT EXISTS ticket_messages_v4 (
        message_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        ticket_id uuid,
        customer_id uuid,
        direction text NOT NULL,
        channel text NOT NULL,
        purpose text,
        status text NOT NULL,
        body bytea,
        sender bytea,
        failure_code text,
        failure_reason bytea,
        provider_id text,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        created_by text NOT NULL,
        erased boolean NOT NULL DEFAULT false
    )
    """,
    "CREATE INDEX IF NOT EXISTS ticket_messages_v4_ticket ON ticket_messages_v4 "
    "(ticket_id, created_at)",
    "CREATE INDEX IF NOT EXISTS ticket_messages_v4_customer ON ticket_messages_v4 "
    "(tenant_id, customer_id)",
    "CREATE INDEX IF NOT EXISTS ticket_messages_v4_provider ON ticket_messages_v4 "
    "(tenant_id, provider_id)",
    "CREATE INDEX IF NOT EXISTS ticket_messages_v4_triage ON ticket_messages_v4 "
    "(tenant_id, created_at, message_id) WHERE ticket_id IS NULL",
    *tracking_table("ticket_details_tracking_v4"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model's version is undone by shipping the next one")
