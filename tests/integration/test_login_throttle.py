"""Failed logins are counted in PostgreSQL, per username and per source address."""

from datetime import timedelta
from uuid import uuid4

from adapters.bootstrap import Services
from adapters.postgres.login_throttle import PostgresLoginThrottle


def _throttle(
    services: Services, window: timedelta = timedelta(minutes=5)
) -> PostgresLoginThrottle:
    return PostgresLoginThrottle(
        services.datastore,
        max_failures=3,
        max_failures_per_source=5,
        window=window,
    )


def test_a_username_is_blocked_after_its_failures_and_freed_by_success(
    services: Services,
) -> None:
    throttle = _throttle(services)
    user = f"u-{uuid4().hex}"
    for _ in range(3):
        assert throttle.retry_after(user, "10.0.0.1") is None
        throttle.record_failure(user, "10.0.0.1")
    wait = throttle.retry_after(user, "10.0.0.2")
    assert wait is not None and 0 < wait <= 300
    throttle.clear(user)
    assert throttle.retry_after(user, "10.0.0.2") is None


def test_a_source_trying_many_usernames_is_blocked(services: Services) -> None:
    throttle = _throttle(services)
    source = f"192.0.2.{uuid4().int % 250}-{uuid4().hex[:6]}"
    for _ in range(5):
        throttle.record_failure(f"u-{uuid4().hex}", source)
    assert throttle.retry_after(f"u-{uuid4().hex}", source) is not None


def test_failures_older_than_the_window_do_not_count(
    services: Services,
) -> None:
    throttle = _throttle(services, window=timedelta(milliseconds=1))
    user = f"u-{uuid4().hex}"
    for _ in range(3):
        throttle.record_failure(user, "10.0.0.3")
    assert throttle.retry_after(user, "10.0.0.3") is None
