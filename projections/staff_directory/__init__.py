"""The staff directory read model: its projection, its tables and its migrations."""
