"""The customer directory's name, version and table."""

from projections.tables import Table

NAME = "customer_directory"  # the read model's: its follower's and its tracking table's
# 2: personal columns sealed, found by blind-index tokens, in order of registration
# 3: the merges of duplicate records (`merged_into`, `merged`)
VERSION = 3
CUSTOMER_DIRECTORY = Table("customer_directory", VERSION)
