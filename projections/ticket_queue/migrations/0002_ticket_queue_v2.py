"""The ticket queue's version 2: the fault and the summary sealed (bytea), the fault's words as
blind-index tokens (`words`, projections/ticket_queue/words.py), and `search` over the number and
serial only. Built beside version 1, which the blue-green machinery drops once it is retired."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "ticket_queue_0002"
down_revision = "ticket_queue_0001"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS ticket_queue_v2 (
        ticket_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        number text NOT NULL,
        customer_id uuid NOT NULL,
        make text NOT NULL,
        model text NOT NULL,
        serial_number text NOT NULL,
        fault_description bytea,
        words bigint[],
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
        search text GENERATED ALWAYS AS (lower(number || ' ' || serial_number)) STORED
    ) WITH (fillfactor = 80)
    """,
    "CREATE INDEX IF NOT EXISTS ticket_queue_v2_newest ON ticket_queue_v2 "
    "(tenant_id, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v2_status ON ticket_queue_v2 "
    "(tenant_id, status, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v2_assignee_id ON ticket_queue_v2 "
    "(tenant_id, assignee_id, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v2_customer_id ON ticket_queue_v2 "
    "(tenant_id, customer_id, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v2_serial_number ON ticket_queue_v2 "
    "(tenant_id, serial_number, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v2_search ON ticket_queue_v2 "
    "USING gin (search gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v2_words ON ticket_queue_v2 USING gin (words)",
    *tracking_table("ticket_queue_tracking_v2"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model's version is not taken down: ship the next one")
