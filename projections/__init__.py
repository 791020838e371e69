"""Projections: the notification log turned into read-model tables, one module per read model."""

from projections.base import ReadModelProjection
from projections.staff_directory import StaffDirectory

ALL: tuple[type[ReadModelProjection], ...] = (StaffDirectory,)  # type: ignore[type-arg]
