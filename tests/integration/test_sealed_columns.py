"""Read models' sealed columns (adapters/crypto/columns.py) under the real data keys: a value
opens only at its place, for its subject, until the subject's erasure; tokens are the tenant's."""

from uuid import UUID, uuid4

from adapters.bootstrap import Services
from adapters.crypto.columns import SealedColumns
from adapters.crypto.data_key_cache import DataKeyCache
from commands import customers, privacy
from commands.bus import send
from domain.values import Role
from tests.keystore import replica
from tests.support import TenantKit, new_tenant

PLACE = "customer_directory.name"


def registered(services: Services, tenant: TenantKit) -> UUID:
    registration = customers.RegisterCustomer(name="Ayanda", surname="Zulu", phone="0825550101")
    return UUID(str(send(registration, tenant.ctx(Role.AGENT), services.app).id))


def test_a_sealed_value_opens_at_its_place_for_its_subject_only(
    services: Services, tenant: TenantKit
) -> None:
    columns = services.read_store.columns
    ayanda, other = registered(services, tenant), registered(services, tenant)
    sealed = columns.seal(ayanda, PLACE, "Ayanda")
    assert sealed is not None and b"Ayanda" not in sealed
    assert columns.seal(ayanda, PLACE, "Ayanda") != sealed  # a fresh nonce each time
    assert columns.open(ayanda, PLACE, sealed) == "Ayanda"
    assert columns.open(ayanda, "customer_directory.surname", sealed) is None
    assert columns.open(other, PLACE, sealed) is None
    assert columns.open(ayanda, PLACE, sealed[:-1] + bytes([sealed[-1] ^ 1])) is None
    assert columns.seal(ayanda, PLACE, None) is None and columns.open(ayanda, PLACE, None) is None
    assert columns.open(None, PLACE, sealed) is None


def test_an_erased_subjects_values_open_to_none_and_nothing_new_is_sealed(
    services: Services, tenant: TenantKit
) -> None:
    columns = services.read_store.columns
    ayanda = registered(services, tenant)
    sealed = columns.seal(ayanda, PLACE, "Ayanda")
    erasure = privacy.EraseCustomer(customer_id=ayanda, reason="asked to be forgotten")
    send(erasure, tenant.ctx(Role.COMPLIANCE_OFFICER), services.app)
    columns.prefetch([ayanda])
    assert columns.open(ayanda, PLACE, sealed) is None
    assert columns.seal(ayanda, PLACE, "Ayanda") is None


def test_tokens_are_equal_for_equal_values_and_differ_across_kinds_and_tenants(
    services: Services, tenant: TenantKit
) -> None:
    columns, other = services.read_store.columns, new_tenant(services)
    token = columns.token(tenant.id, "phone", "+27825550101")
    assert len(token) == 32 and token == columns.token(tenant.id, "phone", "+27825550101")
    assert token != columns.token(tenant.id, "phone", "+27825550102")
    assert token != columns.token(tenant.id, "email", "+27825550101")
    assert token != columns.token(other.id, "phone", "+27825550101")
    assert columns.token(uuid4(), "phone", "+27825550101") != token


def test_a_tenants_tokens_are_the_same_in_another_process(
    services: Services, tenant: TenantKit
) -> None:
    """The search key is a data key of its own, wrapped in the key table: a process with an
    empty cache unwraps the same one."""
    columns = services.read_store.columns
    assert isinstance(columns, SealedColumns) and isinstance(columns.keys, DataKeyCache)
    token = columns.token(tenant.id, "email", "a@example.co.za")
    assert (
        SealedColumns(replica(columns.keys)).token(tenant.id, "email", "a@example.co.za") == token
    )
