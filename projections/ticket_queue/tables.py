"""The ticket queue's name, version and table."""

from projections.tables import Table

NAME = "ticket_queue"  # the read model's: its follower's and its tracking table's
VERSION = 2  # 2: the fault and summary sealed, the fault's words as blind-index tokens
TICKET_QUEUE = Table("ticket_queue", VERSION)
