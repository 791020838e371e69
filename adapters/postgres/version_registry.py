"""The statements on `aftersales_read_model_versions` (adapters/postgres/read_model_versions.py)."""

from typing import Any

from psycopg import Connection, sql

from projections.versions import ReadModelVersion

REGISTER = """
WITH others AS (
    SELECT * FROM aftersales_read_model_versions WHERE name = %(name)s AND state <> 'dropped'
), chosen AS (
    SELECT CASE
        WHEN EXISTS (SELECT FROM others WHERE version > %(version)s) THEN 'retired'
        WHEN NOT EXISTS (SELECT FROM others WHERE state IN ('building', 'active')) THEN 'active'
        ELSE 'building'
    END AS state
)
INSERT INTO aftersales_read_model_versions (name, version, state, tables)
SELECT %(name)s, %(version)s, state, %(tables)s FROM chosen ON CONFLICT (name, version) DO NOTHING
"""
PROMOTE = """
UPDATE aftersales_read_model_versions AS v
SET state = CASE WHEN v.version = %(version)s THEN 'active' ELSE 'retired' END, since = now()
WHERE v.name = %(name)s
  AND (v.version = %(version)s OR v.version < %(version)s AND v.state IN ('building', 'active'))
  AND EXISTS (SELECT FROM aftersales_read_model_versions b
              WHERE b.name = %(name)s AND b.version = %(version)s AND b.state = 'building')
"""
DROPPED_NOW = """
UPDATE aftersales_read_model_versions SET state = 'dropped', since = now()
WHERE name = %s AND version = %s AND state = 'retired'
"""
# Version 1 of a read model is in every database without its row when a later version first
# starts: the first wave's (built: it answers until the later one has caught up, then its
# plaintext tables go) or the migrations' (empty: retired at once, to be dropped).
UNREGISTERED_FIRST = sql.SQL("""
INSERT INTO aftersales_read_model_versions (name, version, state, tables)
SELECT %(name)s, 1, CASE WHEN t.position > 0 THEN 'active' ELSE 'retired' END, %(tables)s
FROM (SELECT max(notification_id) AS position FROM {tracking}) AS t
WHERE NOT EXISTS (SELECT FROM aftersales_read_model_versions WHERE name = %(name)s)
ON CONFLICT (name, version) DO NOTHING
""")
# A version between the first and the one starting that no process registered (a deployment
# that went from the first to a later one at once, or a new database): never built, retired at
# once, to be dropped.
UNREGISTERED_BETWEEN = """
INSERT INTO aftersales_read_model_versions (name, version, state, tables)
VALUES (%(name)s, %(version)s, 'retired', %(tables)s) ON CONFLICT (name, version) DO NOTHING
"""
ALL_VERSIONS = "SELECT name, version, state, tables FROM aftersales_read_model_versions"


def register_earlier(conn: Connection[Any], earlier: ReadModelVersion) -> None:
    """An earlier version whose tables the migrations made but no process registered: the
    first (UNREGISTERED_FIRST), or one between it and the one starting (UNREGISTERED_BETWEEN)."""
    found = conn.execute("SELECT to_regclass(%s)", (earlier.tracking_table,)).fetchone()
    if found and found[0]:
        tracking = sql.Identifier(earlier.tracking_table)
        values = {"name": earlier.name, "tables": list(earlier.tables)}
        if earlier.version == 1:
            conn.execute(UNREGISTERED_FIRST.format(tracking=tracking), values)
        else:
            conn.execute(UNREGISTERED_BETWEEN, values | {"version": earlier.version})
