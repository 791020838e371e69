"""The message settings' name, version and tables: templates, and the automatic messages."""

from projections.tables import Table

NAME = "message_settings"  # the read model's: its follower's and its tracking table's
VERSION = 1
MESSAGE_TEMPLATES = Table("message_templates", VERSION)
AUTOMATIC_MESSAGES = Table("automatic_messages", VERSION)
