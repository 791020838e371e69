"""The ticket queue's name, version and tables."""

from projections.tables import Table

NAME = "ticket_queue"  # the read model's: its follower's and its tracking table's
# 2: the fault and summary sealed, the fault's words as blind-index tokens
# 3: the customers' names (sealed, with the directory's name tokens) beside the tickets
VERSION = 3
TICKET_QUEUE = Table("ticket_queue", VERSION)
QUEUE_CUSTOMERS = Table("ticket_queue_customers", VERSION)
