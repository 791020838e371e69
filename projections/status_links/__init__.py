"""The status links read model: its projection, its tables and its migrations."""
