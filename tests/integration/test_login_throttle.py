"""Failed logins are claimed in PostgreSQL, against a (username, source) pair, the username's
budget for devices it does not know, the source's budget, and a known device's own."""

from datetime import timedelta
from uuid import uuid4

from adapters.bootstrap import Services
from adapters.digests import KeyedDigest
from adapters.known_devices import KnownDevices
from adapters.postgres.login_throttle import PostgresLoginThrottle
from commands.login import Attempt
from tests.parallel import all_at_once

SECRET = "a secret for these tests only"


def _throttle(
    services: Services, window: timedelta = timedelta(minutes=5)
) -> PostgresLoginThrottle:
    return PostgresLoginThrottle(
        services.datastore,
        max_failures=3,
        max_failures_per_username=5,
        max_failures_per_source=7,
        window=window,
        devices=KnownDevices(SECRET, timedelta(days=1)),
        digest=KeyedDigest(SECRET, "login failures"),
    )


def _user() -> str:
    return f"u-{uuid4().hex}"


def _source() -> str:
    return f"198.51.100.{uuid4().int % 250}-{uuid4().hex[:6]}"


def _fail(throttle: PostgresLoginThrottle, attempt: Attempt, times: int) -> None:
    for _ in range(times):
        assert throttle.claim(attempt) is None


def test_a_pair_is_stopped_at_its_limit_and_freed_by_its_success(services: Services) -> None:
    throttle = _throttle(services)
    attempt = Attempt(_user(), _source())
    _fail(throttle, attempt, 3)
    wait = throttle.claim(attempt)
    assert wait is not None and 0 < wait <= 300
    assert throttle.claim(Attempt(attempt.username, _source())) is None
    throttle.release(attempt)
    assert throttle.claim(attempt) is None


def test_a_success_forgets_only_its_own_sources_failures(services: Services) -> None:
    throttle = _throttle(services)
    user = _user()
    strangers = Attempt(user, _source())
    _fail(throttle, strangers, 3)
    owners = Attempt(user, _source())
    _fail(throttle, owners, 1)
    throttle.release(owners)
    assert throttle.claim(strangers) is not None


def test_many_sources_share_the_usernames_budget_but_not_its_known_devices(
    services: Services,
) -> None:
    throttle = _throttle(services)
    user = _user()
    _fail(throttle, Attempt(user, _source()), 3)
    _fail(throttle, Attempt(user, _source()), 2)
    assert throttle.claim(Attempt(user, _source())) is not None
    front_desk = Attempt(user, _source(), device=uuid4().hex)
    _fail(throttle, front_desk, 3)
    assert throttle.claim(front_desk) is not None, "a known device has a limit of its own"
    assert throttle.claim(Attempt(user, front_desk.source, device=uuid4().hex)) is None


def test_a_source_trying_many_usernames_is_stopped(services: Services) -> None:
    throttle = _throttle(services)
    source = _source()
    for _ in range(7):
        assert throttle.claim(Attempt(_user(), source)) is None
    assert throttle.claim(Attempt(_user(), source)) is not None
    assert throttle.claim(Attempt(_user(), source, device=uuid4().hex)) is None


def test_parallel_claims_get_no_more_than_the_limit(services: Services) -> None:
    throttle = _throttle(services)
    attempt = Attempt(_user(), _source())
    answers = all_at_once(lambda: throttle.claim(attempt), 12)
    assert answers.count(None) == 3, answers


def test_failures_older_than_the_window_do_not_count(services: Services) -> None:
    throttle = _throttle(services, window=timedelta(milliseconds=1))
    attempt = Attempt(_user(), _source())
    _fail(throttle, attempt, 3)
    assert throttle.claim(attempt) is None
