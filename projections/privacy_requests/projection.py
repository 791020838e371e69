"""Privacy requests for the compliance officers' list: due dates, links and outcomes."""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg.sql import SQL

from domain.customer import Customer
from domain.privacy_request import PrivacyRequest
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.privacy_requests.tables import NAME, PRIVACY_REQUESTS, VERSION

_RECEIVED = SQL(
    "INSERT INTO {} (request_id, tenant_id, reference, kind, name, email, "
    "phone, details, received_at, due_by, version) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
).format(PRIVACY_REQUESTS.sql)


class PrivacyRequestsView(ReadModel):
    tables = (PRIVACY_REQUESTS,)
    erasable = {PRIVACY_REQUESTS: ("customer_id", ("name", "email", "phone", "details", "note"))}


class PrivacyRequests(ReadModelProjection[PrivacyRequestsView]):
    name = NAME
    version = VERSION
    view_class = PrivacyRequestsView
    handles = (
        PrivacyRequest.Received,
        PrivacyRequest.Extended,
        PrivacyRequest.LinkedToCustomer,
        PrivacyRequest.Resolved,
        Customer.Erased,
    )

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: Customer.Erased, tracking: Tracking) -> None:
        self.erase(event)

    @process_event.register
    def _(self, event: PrivacyRequest.Received, tracking: Tracking) -> None:
        self.view.cursor.execute(
            _RECEIVED,
            (
                event.originator_id,
                context_of(event).tenant_id,
                event.reference,
                event.kind,
                event.name,
                event.email,
                event.phone,
                event.details,
                event.timestamp,
                event.due_by,
                event.originator_version,
            ),
        )

    @process_event.register
    def _(self, event: PrivacyRequest.Extended, tracking: Tracking) -> None:
        self._update(event, "due_by = %s, extended = true", event.due_by)

    @process_event.register
    def _(self, event: PrivacyRequest.LinkedToCustomer, tracking: Tracking) -> None:
        self._update(event, "customer_id = %s", event.customer_id)

    @process_event.register
    def _(self, event: PrivacyRequest.Resolved, tracking: Tracking) -> None:
        self._update(
            event,
            "outcome = %s, note = %s, resolved_at = %s",
            event.outcome,
            event.note,
            event.timestamp,
        )

    def _update(self, event: Any, assignments: str, *values: object) -> None:
        """Set columns (fixed assignments, never client text) and the version."""
        self.view.cursor.execute(
            SQL("UPDATE {} SET {}, version = %s WHERE request_id = %s").format(
                PRIVACY_REQUESTS.sql, SQL(assignments)
            ),
            (*values, event.originator_version, event.originator_id),
        )
