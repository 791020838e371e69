"""Staff log in with a username and password; every success and failure is on the record."""

from dataclasses import dataclass
from typing import Protocol

from commands.application import Aftersales
from commands.passwords import hash_password, needs_rehash, verify_password
from domain.context import ANONYMOUS, RequestContext
from domain.errors import InvalidValue
from domain.refusals import Refused, VersionConflict
from domain.staff import StaffUser, staff_id_for

ATTEMPTS = 5


@dataclass(frozen=True)
class Attempt:
    """A try at signing in: whom as, from which address, and from which known device (one that
    signed in as this user before and proves it), if any."""

    username: str
    source: str
    device: str | None = None


class LoginThrottle(Protocol):
    """Counts failed logins across service replicas (docs/security.md says against what)."""

    def claim(self, attempt: Attempt) -> int | None:
        """Count the attempt as failed, before its password is checked: parallel guesses can
        then check no more than the limit. Seconds to wait instead, when a limit is reached."""

    def release(self, attempt: Attempt) -> None:
        """The attempt succeeded: its claim, and its source's earlier failures, no longer count."""


class LoginRejected(Refused):
    """Unknown username, wrong password or deactivated user: deliberately indistinguishable."""

    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__("the username or password is not right")


class PasswordChangeRequired(Refused):
    """The credentials are right, but the user must choose a new password to sign in."""

    code = "password_change_required"

    def __init__(self, user: StaffUser) -> None:
        super().__init__("choose a new password to sign in: your password was reset")
        self.user = user


class TooManyAttempts(Refused):
    code = "too_many_attempts"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins; try again in {retry_after} s")
        self.retry_after = retry_after


def login_key(username: str) -> str:
    """The username as typed, as throttles and known devices count it."""
    return username.strip().lower()


def log_in(
    username: str,
    password: str,
    source: str,
    request_id: str,
    app: Aftersales,
    throttle: LoginThrottle,
    device: str | None = None,
) -> StaffUser:
    """The staff user with these credentials, once the login is recorded. The attempt is
    claimed from the throttle before the password is checked; a failure keeps its claim."""
    attempt = Attempt(login_key(username), source, device)
    if (wait := throttle.claim(attempt)) is not None:
        raise TooManyAttempts(wait)
    user = _find(app, attempt.username)
    if not (
        verify_password(user.password_hash if user else None, password) and user and user.active
    ):
        if user is not None:
            reason = "deactivated" if not user.active else "wrong password"
            record_on(app, user, ANONYMOUS, request_id, lambda u: u.login_failed(source, reason))
        raise LoginRejected
    throttle.release(attempt)
    if user.password_change_required:
        raise PasswordChangeRequired(user)

    def succeeded(u: StaffUser) -> None:
        u.logged_in(source)
        if u.password_hash and needs_rehash(u.password_hash):
            u.rehash_password(hash_password(password))

    return record_on(app, user, str(user.id), request_id, succeeded)


def _find(app: Aftersales, username: str) -> StaffUser | None:
    try:
        staff_id = staff_id_for(username)
    except InvalidValue:
        return None
    return app.find(StaffUser, staff_id)


def record_on(
    app: Aftersales, user: StaffUser, actor: str, request_id: str, action: "Action"
) -> StaffUser:
    """Record a sign-in's events on the user, reloading if another login was recorded
    meanwhile."""
    ctx = RequestContext(tenant_id=user.tenant_id, actor=actor, request_id=request_id)
    attempt = 1
    while True:
        action(user)
        try:
            app.commit(ctx, user)
            return user
        except VersionConflict:
            if attempt == ATTEMPTS:
                raise
            attempt += 1
            user = app.load(StaffUser, user.id, ctx)


class Action(Protocol):
    def __call__(self, user: StaffUser, /) -> None: ...
