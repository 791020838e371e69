"""The retention read model: its projection, its tables and its migrations."""
