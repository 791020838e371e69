"""The customer directory read model: its projection, its tables and its migrations."""
