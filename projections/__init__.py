"""Projections: the notification log turned into read-model tables, one module per read model."""

from projections.base import ReadModelProjection
from projections.customer_directory import CustomerDirectory
from projections.device_history import DeviceHistory
from projections.message_settings import MessageSettings
from projections.privacy_requests import PrivacyRequests
from projections.retention import RetentionSchedule
from projections.service_figures import ServiceFigures
from projections.staff_directory import StaffDirectory
from projections.ticket_detail import TicketDetail
from projections.ticket_queue import TicketQueue

ALL: tuple[type[ReadModelProjection], ...] = (  # type: ignore[type-arg]
    StaffDirectory,
    TicketQueue,
    TicketDetail,
    CustomerDirectory,
    DeviceHistory,
    ServiceFigures,
    PrivacyRequests,
    RetentionSchedule,
    MessageSettings,
)
