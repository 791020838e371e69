"""The audit index read model: its projection, its tables and its migrations."""
