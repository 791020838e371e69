"""The ticket detail's name, version and tables: the tickets, their timelines' free text, and
their messages."""

from projections.tables import Table

NAME = "ticket_details"  # the read model's: its follower's and its tracking table's
VERSION = 4  # 2: personal columns sealed, the timeline's free text in a table of its own;
# 3: the quotes in the timeline; 4: the parts in it
TICKET_DETAILS = Table("ticket_details", VERSION)
TICKET_TEXTS = Table("ticket_texts", VERSION)
TICKET_MESSAGES = Table("ticket_messages", VERSION)
