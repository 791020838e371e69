"""The ticket queue's version 3: the tickets as in version 2, and beside them each customer's
name and surname (sealed under the customer's key) with the customer directory's name tokens
(projections/customer_directory/search.py), so a queue row shows whose device it is and `q`
finds a ticket by its customer's name. Built beside version 2, dropped once it is retired."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "ticket_queue_0003"
down_revision = "ticket_queue_0002"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS ticket_queue_v3 (
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
    "CREATE INDEX IF NOT EXISTS ticket_queue_v3_newest ON ticket_queue_v3 "
    "(tenant_id, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v3_status ON ticket_queue_v3 "
    "(tenant_id, status, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v3_assignee_id ON ticket_queue_v3 "
    "(tenant_id, assignee_id, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v3_customer_id ON ticket_queue_v3 "
    "(tenant_id, customer_id, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v3_serial_number ON ticket_queue_v3 "
    "(tenant_id, serial_number, opened_at, ticket_id)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v3_search ON ticket_queue_v3 "
    "USING gin (search gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_v3_words ON ticket_queue_v3 USING gin (words)",
    """
    CREATE TABLE IF NOT EXISTS ticket_queue_customers_v3 (
        customer_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        name bytea,
        surname bytea,
        given_tokens bytea[],
        surname_tokens bytea[],
        erased boolean NOT NULL DEFAULT false
    )
    """,
    "CREATE INDEX IF NOT EXISTS ticket_queue_customers_v3_given "
    "ON ticket_queue_customers_v3 USING gin (given_tokens) WITH (fastupdate = off)",
    "CREATE INDEX IF NOT EXISTS ticket_queue_customers_v3_surname "
    "ON ticket_queue_customers_v3 USING gin (surname_tokens) WITH (fastupdate = off)",
    *tracking_table("ticket_queue_tracking_v3"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model's version is not taken down: ship the next one")
