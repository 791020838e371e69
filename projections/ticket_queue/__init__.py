"""The ticket queue read model: its projection, its tables and its migrations."""
