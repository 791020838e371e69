"""The privacy requests' name, version and table."""

from projections.tables import Table

NAME = "privacy_requests"  # the read model's: its follower's and its tracking table's
VERSION = 2  # 2: the requester's details and the resolution's note sealed
PRIVACY_REQUESTS = Table("privacy_requests", VERSION)
