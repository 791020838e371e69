"""Projections: the notification log turned into read-model tables, one module per read model."""

from projections.base import ReadModelProjection
from projections.privacy_requests import PrivacyRequests
from projections.retention import Retention
from projections.staff_directory import StaffDirectory

ALL: tuple[type[ReadModelProjection], ...] = (  # type: ignore[type-arg]
    StaffDirectory,
    PrivacyRequests,
    Retention,
)
