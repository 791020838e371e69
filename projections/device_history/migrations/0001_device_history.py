"""The device history read model's tables as the first wave left them."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "device_history_0001"
down_revision = None
branch_labels = ("device_history",)
depends_on = None

STATEMENTS = (
    """
    CREATE TABLE IF NOT EXISTS device_tickets (
        ticket_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        serial_number text NOT NULL,
        number text NOT NULL,
        customer_id uuid NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS device_history (
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
        text text,
        erased boolean NOT NULL DEFAULT false,
        PRIMARY KEY (tenant_id, serial_number, position, entry)
    )
    """,
    "CREATE INDEX IF NOT EXISTS device_history_customer ON device_history (tenant_id, customer_id)",
    *tracking_table("device_history_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
