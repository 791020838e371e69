"""The device history's version 2: the entries' free text sealed (bytea). Built beside version 1,
which the blue-green machinery drops once it is retired."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "device_history_0002"
down_revision = "device_history_0001"
branch_labels = None
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS device_tickets_v2 (
        ticket_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        serial_number text NOT NULL,
        number text NOT NULL,
        customer_id uuid NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS device_history_v2 (
        tenant_id uuid NOT NULL,
        serial_number text NOT NULL,
        position bigint NOT NULL,
        entry smallint NOT NULL,
        ticket_id uuid NOT NULL,
        ticket_number text NOT NULL,
        customer_id uuid NOT NULL,
        kind text NOT NULL,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        repair_kind text,
        part_number text,
        other_serial text,
        resolution text,
        text bytea,
        erased boolean NOT NULL DEFAULT false,
        PRIMARY KEY (tenant_id, serial_number, position, entry)
    )
    """,
    "CREATE INDEX IF NOT EXISTS device_history_v2_customer ON device_history_v2 "
    "(tenant_id, customer_id)",
    *tracking_table("device_history_tracking_v2"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("a read model's version is not taken down: ship the next one")
