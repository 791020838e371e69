"""An event a follower cannot process is parked, and every other event keeps flowing; a failure
of the database or the broker parks nothing."""

from collections.abc import Callable, Sequence

import psycopg
import pytest
from eventsourcing.persistence import Notification
from psycopg import Cursor
from psycopg.rows import DictRow

from adapters.bootstrap import Services
from adapters.postgres.follower import Follower
from adapters.postgres.parked_events import ParkedEvent
from adapters.postgres.rebuild import read_model, rebuild
from domain.values import Role
from projections.customer_directory.projection import CustomerDirectory
from queries.customers import customer_search
from tests import poison
from tests.scenario import view_rows
from tests.support import TenantKit, caught_up, new_tenant, wait_until

DIRECTORY = CustomerDirectory.read_model_version().follower  # whose events it parks


def parked(services: Services, follower: str) -> list[ParkedEvent]:
    assert services.parked_events is not None
    return services.parked_events.of(follower)


def names(services: Services, kit: TenantKit) -> list[str | None]:
    page = customer_search(services.read_store, kit.ctx(Role.ADMIN), None, 50, None)
    return [item.surname for item in page.items]


def test_a_nul_byte_in_one_tenants_event_stops_no_other_tenant(
    fresh_services: Callable[..., Services],
) -> None:
    services = fresh_services()
    services.workers.start()
    careless, other = new_tenant(services), new_tenant(services)
    customer = poison.customer(careless)
    poison.device(careless, customer, f"Sun{poison.NUL}synk")
    poison.consent(careless, customer)
    poison.customer(other, surname="Dlamini")
    wait_until(lambda: len(parked(services, DIRECTORY)) == 2, seconds=15)
    caught_up(services)
    assert names(services, other) == ["Dlamini"]

    failed, held = parked(services, DIRECTORY)
    assert (failed.aggregate_id, failed.tenant_id, failed.tries) == (customer, careless.id, 3)
    assert failed.error_class == "psycopg.errors.UntranslatableCharacter" and failed.error
    # refused by the server (no NUL in jsonb) as the pipelined batch ends, and named so
    assert failed.error.startswith("SQLSTATE 22P05 at projections/") and "synk" not in failed.error
    assert failed.first_failed_at and failed.last_failed_at
    assert failed.first_failed_at < failed.last_failed_at
    assert (held.aggregate_id, held.held_by, held.tries, held.error) == (
        customer,
        failed.notification_id,
        0,
        None,
    )
    assert names(services, careless) == ["Mokoena"]  # as it was before: held back, not half-done
    assert services.workers.parked()[DIRECTORY] == 2
    assert sum(services.workers.parked().values()) == 2  # the other read models hold no make


ISSUE_NAMES = {
    "staff_directory",
    "customer_directory",
    "ticket_queue",
    "ticket_details",
}
# Read models that hold the text only sealed: ciphertext takes any byte, so nothing parks.
SEALED_ONLY = {"privacy_requests", "device_history"}


def workday(kit: TenantKit, text: str) -> None:
    """A privacy request, a technician, a ticket and a note, each carrying the text."""
    poison.privacy_request(kit, f"Req{text}Name")
    poison.staff(kit, f"Tech{text}Name")
    customer = poison.customer(kit)
    ticket = poison.ticket(kit, customer, make=f"Sun{text}synk", fault=f"it{text}beeps")
    poison.note(kit, ticket, f"call{text}back")


def rows_of(services: Services, name: str, tenant_id: object) -> int:
    table = read_model(services.workers.projections[name]).tables[0]
    with psycopg.connect(services.database_url) as conn:
        shown = conn.execute(
            f"SELECT count(*) FROM {table} WHERE tenant_id = %s", (tenant_id,)
        ).fetchone()
    return int(shown[0]) if shown else 0


def test_every_read_model_the_issue_names_parks_its_nul_byte_and_serves_the_others(
    fresh_services: Callable[..., Services],
) -> None:
    services = fresh_services()
    services.workers.start()
    careless, other = new_tenant(services), new_tenant(services)
    workday(careless, poison.NUL)
    workday(other, " ")
    followers = {name: services.workers.projections[name].name for name in ISSUE_NAMES}
    wait_until(
        lambda: (
            {*followers.values()} <= {n for n, count in services.workers.parked().items() if count}
        )
    )
    caught_up(services)
    for name in ISSUE_NAMES | SEALED_ONLY:
        assert rows_of(services, name, other.id) > 0, name
    assert {e.tenant_id for f in followers.values() for e in parked(services, f)} == {careless.id}
    for name in SEALED_ONLY:
        follower = services.workers.projections[name].name
        assert parked(services, follower) == [], name
        assert rows_of(services, name, careless.id) > 0, name


def test_a_rebuild_parks_the_event_and_rebuilds_the_rest_of_the_read_model(
    fresh_services: Callable[..., Services],
) -> None:
    services = fresh_services()
    careless, other = new_tenant(services), new_tenant(services)
    poison.device(careless, poison.customer(careless), f"Sun{poison.NUL}synk")
    poison.customer(other, surname="Dlamini")
    follower = services.workers.projections["customer_directory"]
    assert rebuild(follower, wait_seconds=10) > 0
    assert names(services, other) == ["Dlamini"] and names(services, careless) == ["Mokoena"]
    assert [e.tries for e in parked(services, DIRECTORY)] == [3]
    rows = view_rows(services, "customer_directory")
    assert rebuild(follower, wait_seconds=10) > 0
    assert view_rows(services, "customer_directory") == rows
    assert [e.tries for e in parked(services, DIRECTORY)] == [6]


class DatabaseAway:
    """A consumer whose own database refuses connections: down for now, not the event's fault."""

    name = "database_away"

    def __init__(self) -> None:
        self.tries = 0

    def position(self) -> int:
        return 0

    def consume(self, notifications: Sequence[Notification]) -> None:
        self.tries += 1
        psycopg.connect("postgresql://postgres@127.0.0.1:1/aftersales", connect_timeout=2)

    def acts_on(self, notification: Notification) -> bool:
        return True

    def transient(self, error: Exception) -> bool:
        return False

    def pass_over(self, notification: Notification) -> None:
        raise AssertionError("passed over an event for a database that was away")

    def replay(
        self, notifications: Sequence[Notification], done: Callable[[Cursor[DictRow]], None]
    ) -> None:
        raise AssertionError("nothing is parked to replay")


def test_a_database_that_is_away_parks_nothing(fresh_services: Callable[..., Services]) -> None:
    services = fresh_services(park_after_failures=1)
    new_tenant(services)
    consumer = DatabaseAway()
    follower = Follower(
        services.database_url,
        services.app.recorder,
        consumer,
        channel="unused",
        poll_interval=0.01,
        parked=services.parked_events,
    )
    assert follower.parking is not None
    for tries in range(1, 6):
        with pytest.raises(psycopg.OperationalError):
            follower.step()
        assert consumer.tries == tries
    assert parked(services, consumer.name) == []
