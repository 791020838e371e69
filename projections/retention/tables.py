"""The retention schedule's name, version and tables: customers, tickets, tenants' policies."""

from projections.tables import Table

NAME = "retention"  # the read model's: its follower's and its tracking table's
VERSION = 1
RETENTION_CUSTOMERS = Table("retention_customers", VERSION)
RETENTION_TICKETS = Table("retention_tickets", VERSION)
RETENTION_POLICIES = Table("retention_policies", VERSION)
