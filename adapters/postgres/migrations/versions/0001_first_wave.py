"""The service's own tables as the first wave left them: the events (append-only, with the
library's insert function), snapshots, idempotency, login failures, rate limits, positions,
parked events, the relay's position, retention runs and the audit chain."""

from alembic import op

from projections.migrations.tracking import tracking_table

revision = "service_0001"
down_revision = None
branch_labels = ("service",)
depends_on = None

STATEMENTS = (
    "CREATE TABLE IF NOT EXISTS aftersales_events (originator_id uuid NOT NULL, originator_version bigint NOT NULL, topic text, state bytea, notification_id bigserial, PRIMARY KEY (originator_id, originator_version)) WITH (autovacuum_enabled = true, autovacuum_vacuum_threshold = 100000000, autovacuum_vacuum_scale_factor = 0.5, autovacuum_analyze_threshold = 1000, autovacuum_analyze_scale_factor = 0.01)",
    """
    DO $$ BEGIN
        CREATE TYPE stored_event_uuid AS (originator_id uuid, originator_version bigint, topic text, state bytea);
    EXCEPTION WHEN duplicate_object THEN NULL;
    END $$
    """,
    "CREATE UNIQUE INDEX IF NOT EXISTS aftersales_events_notification_id_idx ON aftersales_events (notification_id ASC)",
    """
    CREATE OR REPLACE FUNCTION es_insert_events_uuid(events stored_event_uuid[]) RETURNS SETOF bigint
    LANGUAGE plpgsql AS $BODY$BEGIN    SET LOCAL lock_timeout = '5s';    NOTIFY "aftersales_events";    RETURN QUERY    INSERT INTO "public"."aftersales_events" AS t (    originator_id, originator_version, topic, state)    SELECT originator_id, originator_version, topic, state    FROM unnest(events)    RETURNING notification_id;END;$BODY$
    """,
    """CREATE OR REPLACE FUNCTION aftersales_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on %: the event store is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$""",
    """
    CREATE OR REPLACE TRIGGER aftersales_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON aftersales_events
    FOR EACH STATEMENT EXECUTE FUNCTION aftersales_refuse_change()
    """,
    """
    CREATE TABLE IF NOT EXISTS aftersales_idempotency (
        tenant_id uuid NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        answer text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key)
    )
    """,
    "CREATE TABLE IF NOT EXISTS aftersales_snapshots (originator_id uuid NOT NULL, originator_version bigint NOT NULL, topic text, state bytea, PRIMARY KEY (originator_id, originator_version)) WITH (autovacuum_enabled = true, autovacuum_vacuum_threshold = 100000000, autovacuum_vacuum_scale_factor = 0.5, autovacuum_analyze_threshold = 1000, autovacuum_analyze_scale_factor = 0.01)",
    """
    CREATE TABLE IF NOT EXISTS aftersales_login_failures (
        username text NOT NULL,
        source text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
    )
    """,
    "ALTER TABLE aftersales_login_failures ADD COLUMN IF NOT EXISTS device text",
    """
    CREATE INDEX IF NOT EXISTS aftersales_login_failures_username
        ON aftersales_login_failures (username, failed_at)
    """,
    """
    CREATE INDEX IF NOT EXISTS aftersales_login_failures_source
        ON aftersales_login_failures (source, failed_at)
    """,
    """
    CREATE TABLE IF NOT EXISTS aftersales_rate_hits (
        bucket text NOT NULL,
        source_hash text NOT NULL,
        hit_at timestamptz NOT NULL DEFAULT now()
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS aftersales_rate_hits_source
        ON aftersales_rate_hits (bucket, source_hash, hit_at)
    """,
    """
    CREATE TABLE IF NOT EXISTS aftersales_positions (
        name text PRIMARY KEY,
        position bigint NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS aftersales_parked_events (
        follower text NOT NULL,
        notification_id bigint NOT NULL,
        aggregate_id uuid NOT NULL,
        aggregate_version bigint NOT NULL,
        topic text NOT NULL,
        tenant_id uuid,
        concerns uuid[] NOT NULL,
        held_by bigint,
        error_class text,
        error text,
        first_failed_at timestamptz NOT NULL,
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        tries integer NOT NULL,
        state text NOT NULL DEFAULT 'parked' CHECK (state IN ('parked', 'retried', 'skipped')),
        decided_by text,
        decided_at timestamptz,
        reason text,
        PRIMARY KEY (follower, notification_id)
    )
    """,
    "CREATE INDEX IF NOT EXISTS aftersales_parked_events_open ON aftersales_parked_events (follower, tenant_id) WHERE state = 'parked'",
    *tracking_table("kafka_relay_tracking"),
    """
    CREATE TABLE IF NOT EXISTS aftersales_retention_runs (
        day date PRIMARY KEY,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        erased integer,
        deidentified integer,
        held integer
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS audit_chain (
        notification_id bigint PRIMARY KEY,
        previous bytea NOT NULL,
        hash bytea NOT NULL,
        digest bytea NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS audit_chain_digest ON audit_chain USING hash (digest)",
    """
    CREATE TABLE IF NOT EXISTS audit_checkpoints (
        notification_id bigint PRIMARY KEY,
        hash bytea NOT NULL,
        signed_at timestamptz NOT NULL,
        signature bytea NOT NULL
    )
    """,
    """
    CREATE OR REPLACE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION aftersales_refuse_change()
    """,
    """
    CREATE OR REPLACE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION aftersales_refuse_change()
    """,
    *tracking_table("audit_chain_tracking"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the first wave's schema is not taken down")
