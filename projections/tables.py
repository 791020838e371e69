"""A read model's tables as objects: each named once, in its read model's folder, and versioned
with it, so queries and projections compose SQL from the object instead of repeating the name.

Version 1 of a read model keeps the names the first wave gave its tables; version N > 1 names
them `<name>_v<N>`, so a new version is built beside the old one (blue-green) until it replaces it.
"""

from dataclasses import dataclass

from psycopg.sql import Identifier


def versioned(name: str, version: int) -> str:
    """The name of a read model's table (or tracking table) at a version of the read model."""
    return name if version == 1 else f"{name}_v{version}"


@dataclass(frozen=True)
class Table:
    """One table of a read model at the read model's version."""

    base: str
    version: int = 1

    @property
    def name(self) -> str:
        return versioned(self.base, self.version)

    @property
    def sql(self) -> Identifier:
        """The table as an identifier to compose into `psycopg.sql.SQL(...).format(...)`."""
        return Identifier(self.name)

    def __str__(self) -> str:
        return self.name
