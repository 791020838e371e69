"""The status links' name, version and tables: each ticket's link (by the keyed digest of its
token) with what its public page shows, and each tenant's shop as its customers see it."""

from projections.tables import Table

NAME = "status_links"  # the read model's: its follower's and its tracking table's
VERSION = 2
STATUS_LINKS = Table("status_links", VERSION)
STATUS_LINK_SHOPS = Table("status_link_shops", VERSION)
