"""A read model at one of its versions, and the one rule naming what belongs to that version.

Every name of version N > 1 is version 1's name with `_v<N>` (projections/tables.py `versioned`):
its tables, its tracking table (`ticket_queue_tracking_v2`) and its follower, whose advisory
lock and parked events go by that name (`ticket_queue_v2`). Queries name the read model alone
(`ticket_queue`): a process answers them from the version its code has.
"""

from dataclasses import dataclass

from projections.tables import versioned


@dataclass(frozen=True)
class ReadModelVersion:
    name: str  # the read model's, as queries name it
    version: int
    tables: tuple[str, ...]  # its tables at this version, made by its migrations

    @property
    def follower(self) -> str:
        """The name of the follower keeping this version (its lock, its parked events)."""
        return versioned(self.name, self.version)

    @property
    def tracking_table(self) -> str:
        return versioned(f"{self.name}_tracking", self.version)

    def at(self, version: int) -> "ReadModelVersion":
        """The read model at another of its versions, its tables named by the rule above."""
        suffix = len(f"_v{self.version}") if self.version > 1 else 0
        bases = (t[: len(t) - suffix] for t in self.tables)
        return ReadModelVersion(self.name, version, tuple(versioned(b, version) for b in bases))

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"
