"""The ticket queue read model's tables as the first wave left them."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "ticket_queue_0001"
down_revision = None
branch_labels = ("ticket_queue",)
depends_on = None

STATEMENTS = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE TABLE IF NOT EXISTS ticket_queue (
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
                search text GENERATED ALWAYS AS (
                    lower(number || ' ' || serial_number || ' ' || coalesce(fault_description, ''))
                ) STORED
            ) WITH (fillfactor = 80)
    """,
    "CREATE INDEX IF NOT EXISTS ticket_queue_newest ON ticket_queue (tenant_id, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_status ON ticket_queue (tenant_id, status, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_assignee_id ON ticket_queue (tenant_id, assignee_id, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_customer_id ON ticket_queue (tenant_id, customer_id, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_serial_number ON ticket_queue (tenant_id, serial_number, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_search ON ticket_queue USING gin (search gin_trgm_ops)",
    *tracking_table("ticket_queue_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
