"""The ticket detail read model: its projection, its tables and its migrations."""
