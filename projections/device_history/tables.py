"""The device history's name, version and tables: its entries, and the tickets filed from."""

from projections.tables import Table

NAME = "device_history"  # the read model's: its follower's and its tracking table's
VERSION = 2  # 2: the entries' free text sealed
DEVICE_HISTORY = Table("device_history", VERSION)
DEVICE_TICKETS = Table("device_tickets", VERSION)
