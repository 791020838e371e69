"""The privacy requests' name, version and table."""

from projections.tables import Table

NAME = "privacy_requests"  # the read model's: its follower's and its tracking table's
VERSION = 3  # 2: the requester's details and the resolution's note sealed; 3: verification
PRIVACY_REQUESTS = Table("privacy_requests", VERSION)
