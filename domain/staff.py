"""A staff user of a tenant: roles, deactivation, and the record of logins."""

import re
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import DomainError, InvalidValue, StaffInactive
from domain.personal import Personal
from domain.values import Role

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")
_USERS = uuid5(NAMESPACE_URL, "https://aftersales.co.za/staff")


def username_of(raw: str) -> str:
    username = raw.strip().lower()
    if not _USERNAME.fullmatch(username):
        raise InvalidValue("username", "3 to 64 lower-case letters, digits or . _ @ -")
    return username


def staff_id_for(username: str) -> UUID:
    """Usernames are unique across Aftersales, so the username fixes the user's id."""
    return uuid5(_USERS, username_of(username))


class StaffUser(Aggregate):
    class Registered(Aggregate.Created):
        tenant_id: UUID
        username: Personal
        display_name: Personal
        password_hash: Personal
        roles: list[str]

        def apply(self, user: "StaffUser") -> None:
            user.tenant_id = self.tenant_id
            user.username = self.username
            user.display_name = self.display_name
            user.password_hash = self.password_hash
            user.roles = frozenset(Role(r) for r in self.roles)
            user.active = True
            user.last_login_at = None
            user.credentials_generation = 0
            user.password_change_required = False

    class RolesChanged(Aggregate.Event):
        sensitive: ClassVar[bool] = True
        roles: list[str]

        def apply(self, user: "StaffUser") -> None:
            user.roles = frozenset(Role(r) for r in self.roles)

    class Deactivated(Aggregate.Event):
        """The reason is about the user: sealed under their own key, as a data subject."""

        sensitive: ClassVar[bool] = True
        reason: Personal

        def apply(self, user: "StaffUser") -> None:
            user.active = False

    class PasswordRehashed(Aggregate.Event):
        password_hash: Personal

        def apply(self, user: "StaffUser") -> None:
            user.password_hash = self.password_hash

    class PasswordChanged(Aggregate.Event):
        """The user chose a new password: every token issued before stops working."""

        sensitive: ClassVar[bool] = True
        password_hash: Personal

        def apply(self, user: "StaffUser") -> None:
            user.password_hash = self.password_hash
            user.credentials_generation += 1
            user.password_change_required = False

    class PasswordReset(Aggregate.Event):
        """An admin (or the operator) set a password for the user: every token issued before
        stops working, and with `change_required` the user must choose another to sign in."""

        sensitive: ClassVar[bool] = True
        password_hash: Personal
        change_required: bool

        def apply(self, user: "StaffUser") -> None:
            user.password_hash = self.password_hash
            user.credentials_generation += 1
            user.password_change_required = self.change_required

    class LoggedIn(Aggregate.Event):
        sensitive: ClassVar[bool] = True
        source: Personal

        def apply(self, user: "StaffUser") -> None:
            user.last_login_at = self.timestamp

    class LoginFailed(Aggregate.Event):
        sensitive: ClassVar[bool] = True
        source: Personal
        reason: str

    if TYPE_CHECKING:
        tenant_id: UUID
        username: str | None
        display_name: str | None
        password_hash: str | None
        roles: frozenset[Role]
        active: bool
        last_login_at: datetime | None

    # Defaults for snapshots taken before passwords could change: the number of changes and
    # resets (a token names the one it was issued under), and whether one must come first.
    credentials_generation = 0
    password_change_required = False

    @classmethod
    def register(
        cls,
        *,
        tenant_id: UUID,
        username: str,
        display_name: str,
        password_hash: str,
        roles: set[Role],
    ) -> "StaffUser":
        if not roles:
            raise InvalidValue("roles", "a staff user needs at least one role")
        if not display_name.strip():
            raise InvalidValue("display_name", "a staff user needs a display name")
        username = username_of(username)
        return cls._create(
            cls.Registered,
            id=staff_id_for(username),
            tenant_id=tenant_id,
            username=username,
            display_name=display_name.strip(),
            password_hash=password_hash,
            roles=sorted(r.value for r in roles),
        )

    def change_roles(self, roles: set[Role], changed_by: UUID) -> None:
        if not roles:
            raise InvalidValue("roles", "a staff user needs at least one role")
        if changed_by == self.id and Role.ADMIN in self.roles and Role.ADMIN not in roles:
            raise SelfLockout("an admin cannot take away their own admin role")
        if roles != self.roles:
            self.trigger_event(self.RolesChanged, roles=sorted(r.value for r in roles))

    def deactivate(self, reason: str, deactivated_by: UUID) -> None:
        if deactivated_by == self.id:
            raise SelfLockout("a staff user cannot deactivate themselves")
        if self.active:
            self.trigger_event(self.Deactivated, reason=reason)

    def logged_in(self, source: str) -> None:
        if not self.active:
            raise StaffInactive("this staff user is deactivated")
        self.trigger_event(self.LoggedIn, source=source)

    def login_failed(self, source: str, reason: str) -> None:
        self.trigger_event(self.LoginFailed, source=source, reason=reason)

    def rehash_password(self, password_hash: str) -> None:
        self.trigger_event(self.PasswordRehashed, password_hash=password_hash)

    def change_password(self, password_hash: str) -> None:
        self.trigger_event(self.PasswordChanged, password_hash=password_hash)

    def reset_password(self, password_hash: str, change_required: bool, reset_by: UUID) -> None:
        if reset_by == self.id:
            raise InvalidValue("staff_id", "change your own password with the current one")
        self.trigger_event(
            self.PasswordReset, password_hash=password_hash, change_required=change_required
        )

    @property
    def data_subject_id(self) -> UUID:
        return self.id

    def has_any_role(self, roles: frozenset[Role]) -> bool:
        return bool(self.roles & roles)


class SelfLockout(DomainError):
    code = "self_lockout"
