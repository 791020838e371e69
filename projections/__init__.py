"""Projections: the notification log turned into read-model tables, one module per read model."""

from projections.base import ReadModelProjection
from projections.customer_directory.projection import CustomerDirectory
from projections.device_history.projection import DeviceHistory
from projections.message_settings.projection import MessageSettings
from projections.privacy_requests.projection import PrivacyRequests
from projections.retention.projection import RetentionSchedule
from projections.service_figures.projection import ServiceFigures
from projections.staff_directory.projection import StaffDirectory
from projections.status_links.projection import StatusLinks
from projections.ticket_detail.projection import TicketDetail
from projections.ticket_queue.projection import TicketQueue

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
    StatusLinks,
)
