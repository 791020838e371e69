"""An event a follower cannot process is parked, and every other event keeps flowing."""

from collections.abc import Callable

from adapters.bootstrap import Services
from adapters.postgres.parked_events import ParkedEvent
from domain.values import Role
from queries.customers import customer_search
from tests import poison
from tests.support import caught_up, new_tenant, wait_until


def parked(services: Services, follower: str) -> list[ParkedEvent]:
    assert services.parked_events is not None
    return services.parked_events.of(follower)


def test_a_nul_byte_in_one_tenants_event_stops_no_other_tenant(
    fresh_services: Callable[..., Services],
) -> None:
    services = fresh_services()
    services.start_workers()
    careless, other = new_tenant(services), new_tenant(services)
    customer = poison.customer(careless)
    poison.correct_surname(careless, customer, f"Nul{poison.NUL}Name")
    later = poison.customer(other, surname="Dlamini")
    wait_until(lambda: parked(services, "customer_directory"), seconds=15)
    caught_up(services)
    page = customer_search(services.datastore, other.ctx(Role.ADMIN), None, 10, None)
    assert [item.id for item in page.items] == [later]
    [entry] = parked(services, "customer_directory")
    assert (entry.aggregate_id, entry.tenant_id, entry.tries) == (customer, careless.id, 3)
    assert entry.error_class == "psycopg.DataError" and "NUL" in (entry.error or "")
    assert "Name" not in (entry.error or "")
    print(entry)
