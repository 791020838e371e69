"""The message settings read model: its projection, its tables and its migrations."""
