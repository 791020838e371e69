"""The tenant's staff, for the admin's list."""

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg.sql import SQL

from domain.staff import StaffUser
from projections.base import ReadModel, ReadModelProjection, context_of
from projections.staff_directory.tables import NAME, STAFF_DIRECTORY, VERSION

_REGISTERED = SQL("INSERT INTO {} VALUES (%s, %s, %s, %s, %s, true, NULL, %s)").format(
    STAFF_DIRECTORY.sql
)


class StaffDirectoryView(ReadModel):
    tables = (STAFF_DIRECTORY,)


class StaffDirectory(ReadModelProjection[StaffDirectoryView]):
    name = NAME
    version = VERSION
    view_class = StaffDirectoryView
    handles = (
        StaffUser.Registered,
        StaffUser.RolesChanged,
        StaffUser.Deactivated,
        StaffUser.LoggedIn,
        StaffUser.LoginFailed,
        StaffUser.PasswordRehashed,
        StaffUser.PasswordChanged,
        StaffUser.PasswordReset,
    )

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events it does not handle change nothing."""

    @process_event.register
    def _(self, event: StaffUser.Registered, tracking: Tracking) -> None:
        self.view.cursor.execute(
            _REGISTERED,
            (
                event.originator_id,
                context_of(event).tenant_id,
                event.username,
                event.display_name,
                list(event.roles),
                event.originator_version,
            ),
        )

    @process_event.register
    def _(self, event: StaffUser.RolesChanged, tracking: Tracking) -> None:
        self._update(event, "roles = %s", list(event.roles))

    @process_event.register
    def _(self, event: StaffUser.Deactivated, tracking: Tracking) -> None:
        self._update(event, "active = %s", False)

    @process_event.register
    def _(self, event: StaffUser.LoggedIn, tracking: Tracking) -> None:
        self._update(event, "last_login_at = %s", event.timestamp)

    @process_event.register(StaffUser.LoginFailed)
    @process_event.register(StaffUser.PasswordRehashed)
    @process_event.register(StaffUser.PasswordChanged)
    @process_event.register(StaffUser.PasswordReset)
    def _(self, event: Any, tracking: Tracking) -> None:
        self._update(event, "active = active", None)

    def _update(self, event: Any, assignment: str, value: object) -> None:
        """Set one column (a fixed assignment, never client text) and the version."""
        values = (value,) if "%s" in assignment else ()
        self.view.cursor.execute(
            SQL("UPDATE {} SET {}, version = %s WHERE staff_id = %s").format(
                STAFF_DIRECTORY.sql, SQL(assignment)
            ),
            (*values, event.originator_version, event.originator_id),
        )
