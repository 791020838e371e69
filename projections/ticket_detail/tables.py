"""The ticket detail's name, version and tables: the tickets, and their messages."""

from projections.tables import Table

NAME = "ticket_details"  # the read model's: its follower's and its tracking table's
VERSION = 1
TICKET_DETAILS = Table("ticket_details", VERSION)
TICKET_MESSAGES = Table("ticket_messages", VERSION)
