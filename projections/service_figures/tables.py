"""The service figures' name, version and tables: each ticket's times, and the tenants' targets."""

from projections.tables import Table

NAME = "service_figures"  # the read model's: its follower's and its tracking table's
VERSION = 2
TICKET_SERVICE = Table("ticket_service", VERSION)
SERVICE_TARGETS = Table("service_targets", VERSION)
