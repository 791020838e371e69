"""Privacy requests for the compliance officers' list: due dates, links and outcomes. The
requester's name, email, phone and details, and the resolution's note, are sealed under the
request's key, which the customer it is linked to owns (projections/sealed_rows.py)."""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg.sql import SQL

from domain.customer import Customer
from domain.identity_check import IdentityCheck
from domain.privacy_request import PrivacyRequest
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.privacy_requests.tables import NAME, PRIVACY_REQUESTS, VERSION
from projections.sealed_rows import seal_row

_RECEIVED = SQL(
    "INSERT INTO {} (request_id, tenant_id, reference, kind, name, email, phone, details, "
    "received_at, due_by, version) VALUES (%(request_id)s, %(tenant_id)s, %(reference)s, "
    "%(kind)s, %(name)s, %(email)s, %(phone)s, %(details)s, %(received_at)s, %(due_by)s, "
    "%(version)s) ON CONFLICT DO NOTHING"
).format(PRIVACY_REQUESTS.sql)
PERSONAL = ("name", "email", "phone", "details", "note")


class PrivacyRequestsView(ReadModel):
    tables = (PRIVACY_REQUESTS,)
    erasable = {PRIVACY_REQUESTS: ("customer_id", PERSONAL)}
    sealed = {PRIVACY_REQUESTS: ("request_id", PERSONAL)}


class PrivacyRequests(ReadModelProjection[PrivacyRequestsView]):
    name = NAME
    version = VERSION
    view_class = PrivacyRequestsView
    handles = (
        PrivacyRequest.Received,
        PrivacyRequest.Extended,
        PrivacyRequest.LinkedToCustomer,
        PrivacyRequest.Resolved,
        PrivacyRequest.Verified,
        IdentityCheck.ExportDownloaded,
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
        row = {
            "request_id": event.originator_id,
            "tenant_id": context_of(event).tenant_id,
            "reference": event.reference,
            "kind": event.kind,
            "name": event.name,
            "email": event.email,
            "phone": event.phone,
            "details": event.details,
            "received_at": event.timestamp,
            "due_by": event.due_by,
            "version": event.originator_version,
        }
        self.view.cursor.execute(_RECEIVED, self._sealed(row))

    @process_event.register
    def _(self, event: PrivacyRequest.Extended, tracking: Tracking) -> None:
        self._update(event, "due_by = %s, extended = true", event.due_by)

    @process_event.register
    def _(self, event: PrivacyRequest.LinkedToCustomer, tracking: Tracking) -> None:
        self._update(event, "customer_id = %s", event.customer_id)

    @process_event.register
    def _(self, event: PrivacyRequest.Resolved, tracking: Tracking) -> None:
        note = self._sealed({"request_id": event.originator_id, "note": event.note})["note"]
        self._update(
            event, "outcome = %s, note = %s, resolved_at = %s", event.outcome, note, event.timestamp
        )

    @process_event.register
    def _(self, event: PrivacyRequest.Verified, tracking: Tracking) -> None:
        self._update(event, "verified_by = %s, verified_at = %s", event.by, event.timestamp)

    @process_event.register
    def _(self, event: IdentityCheck.ExportDownloaded, tracking: Tracking) -> None:
        self.view.cursor.execute(
            SQL("UPDATE {} SET downloads = downloads + 1 WHERE request_id = %s").format(
                PRIVACY_REQUESTS.sql
            ),
            (event.request_id,),
        )

    def _update(self, event: Any, assignments: str, *values: object) -> None:
        """Set columns (fixed assignments, never client text) and the version."""
        self.view.cursor.execute(
            SQL("UPDATE {} SET {}, version = %s WHERE request_id = %s").format(
                PRIVACY_REQUESTS.sql, SQL(assignments)
            ),
            (*values, event.originator_version, event.originator_id),
        )

    def _sealed(self, row: dict[str, Any]) -> dict[str, Any]:
        """The row with its personal columns sealed under the request's key."""
        subject, columns = self.view.sealed[PRIVACY_REQUESTS]
        seal_row(self.view.columns, PRIVACY_REQUESTS, row, row[subject], columns)
        return row
