"""The statements on `aftersales_read_model_versions` (adapters/postgres/read_model_versions.py)."""

REGISTER = """
WITH others AS (
    SELECT * FROM aftersales_read_model_versions WHERE name = %(name)s AND state <> 'dropped'
), chosen AS (
    SELECT CASE
        WHEN NOT EXISTS (SELECT FROM others) THEN 'active'
        WHEN EXISTS (SELECT FROM others WHERE version > %(version)s) THEN 'retired'
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
# A database the first wave made holds version 1 of each read model without its row: it is
# registered as active, so a newer version builds beside it and then drops its plaintext tables.
UNREGISTERED_FIRST = """
INSERT INTO aftersales_read_model_versions (name, version, state, tables)
SELECT %(name)s, 1, 'active', %(tables)s
WHERE to_regclass(%(tracking)s) IS NOT NULL
  AND NOT EXISTS (SELECT FROM aftersales_read_model_versions WHERE name = %(name)s)
"""
ALL_VERSIONS = "SELECT name, version, state, tables FROM aftersales_read_model_versions"
