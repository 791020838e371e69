"""How Aftersales stores its events: personal fields sealed under the data keys, the domain's
values transcoded, and the aggregates that gather many events snapshotted."""

from typing import Any
from uuid import UUID

from eventsourcing.domain import MutableOrImmutableAggregate
from eventsourcing.persistence import InfrastructureFactory, JSONTranscoder, Mapper

from commands.data_keys import DataKeys
from commands.transcodings import DateAsISO, FrozenSetAsList
from domain.access_log import CustomerAccessLog
from domain.staff import StaffUser
from domain.ticket_register import TicketRegister

# Events between snapshots: a staff user's sign-ins, a tenant's ticket numbers, a customer's reads.
SNAPSHOTTING_INTERVALS: dict[type[MutableOrImmutableAggregate[Any]], int] = {
    StaffUser: 50,
    TicketRegister: 100,
    CustomerAccessLog: 100,
}


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    """The domain's values that the library does not transcode itself."""
    transcoder.register(DateAsISO())
    transcoder.register(FrozenSetAsList())


def sealing_mapper(
    factory: InfrastructureFactory[Any], transcoder: JSONTranscoder, data_keys: DataKeys | None
) -> Mapper[UUID]:
    """The data keys' mapper, which encrypts personal fields; only an in-memory store (tests of the
    domain) may go without one."""
    if data_keys is not None:
        return data_keys.mapper(transcoder)
    if not type(factory).__module__.startswith("eventsourcing.popo"):
        raise ValueError("a store outside memory needs data keys for personal information")
    return factory.mapper(transcoder=transcoder)
