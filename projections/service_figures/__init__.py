"""The service figures read model: its projection, its tables and its migrations."""
