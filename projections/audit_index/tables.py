"""The audit index's name, version and table."""

from projections.tables import Table

NAME = "audit_index"  # the read model's: its follower's and its tracking table's
VERSION = 1
AUDIT_INDEX = Table("audit_index", VERSION)
