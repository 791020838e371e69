"""The privacy requests read model: its projection, its tables and its migrations."""
