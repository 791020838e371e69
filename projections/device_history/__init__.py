"""The device history read model: its projection, its tables and its migrations."""
