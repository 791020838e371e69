"""The staff directory's name, version and table."""

from projections.tables import Table

NAME = "staff_directory"  # the read model's: its follower's and its tracking table's
VERSION = 1
STAFF_DIRECTORY = Table("staff_directory", VERSION)
