"""The tracking table of a follower of the log (a read model's position in it), as migrations
make it: each read model's first migration, the migration shipping a new version of one
(`<name>_tracking_v<N>`, projections/versions.py), and the service's own followers'.

The first migrations ran it as it stands: a different table is a new function, not an edit.
"""


def tracking_table(name: str) -> tuple[str, str]:
    """The statements making the tracking table of that name, at position 0."""
    return (
        f"CREATE TABLE IF NOT EXISTS {name} (application_name text, notification_id bigint, "
        "PRIMARY KEY (application_name)) WITH (autovacuum_enabled = true, "
        "autovacuum_vacuum_threshold = 100000000, autovacuum_vacuum_scale_factor = 0.5, "
        "autovacuum_analyze_threshold = 1000, autovacuum_analyze_scale_factor = 0.01)",
        f"INSERT INTO {name} VALUES ('Aftersales', 0) ON CONFLICT DO NOTHING",
    )
