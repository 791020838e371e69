"""Who looked at a customer's details, and when: a log of its own, so reading never changes
the customer (its version and ETag stay as they are)."""

from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate

_LOGS = uuid5(NAMESPACE_URL, "https://aftersales.co.za/customer-access-logs")


class AccessPurpose(StrEnum):
    DETAILS = "details"
    EXPORT = "export"


def access_log_id_for(customer_id: UUID) -> UUID:
    return uuid5(_LOGS, str(customer_id))


class CustomerAccessLog(Aggregate):
    class Started(Aggregate.Created):
        tenant_id: UUID
        customer_id: UUID

        def apply(self, log: "CustomerAccessLog") -> None:
            log.tenant_id = self.tenant_id
            log.customer_id = self.customer_id
            log.accesses = 0

    class DetailsAccessed(Aggregate.Event):
        """A staff user (the event's actor) saw the customer's details."""

        sensitive: ClassVar[bool] = True
        purpose: str

        def apply(self, log: "CustomerAccessLog") -> None:
            log.accesses += 1

    if TYPE_CHECKING:
        tenant_id: UUID
        customer_id: UUID
        accesses: int

    @classmethod
    def start(cls, tenant_id: UUID, customer_id: UUID) -> "CustomerAccessLog":
        return cls._create(
            cls.Started,
            id=access_log_id_for(customer_id),
            tenant_id=tenant_id,
            customer_id=customer_id,
        )

    @property
    def data_subject_id(self) -> UUID:
        return self.customer_id

    def record(self, purpose: AccessPurpose) -> None:
        self.trigger_event(self.DetailsAccessed, purpose=AccessPurpose(purpose).value)


class Listing(StrEnum):
    """A list whose rows show customers' names."""

    TICKET_QUEUE = "ticket_queue"
    CUSTOMER_DIRECTORY = "customer_directory"


class ListingAccess(Aggregate):
    """One page of a list that showed customers' names to a staff user (the event's actor):
    one record per page, naming the customers shown, instead of one access per row."""

    class Recorded(Aggregate.Created):
        sensitive: ClassVar[bool] = True
        tenant_id: UUID
        listing: str
        customer_ids: list[UUID]

        def apply(self, access: "ListingAccess") -> None:
            access.tenant_id = self.tenant_id
            access.listing = self.listing
            access.customer_ids = list(self.customer_ids)

    if TYPE_CHECKING:
        tenant_id: UUID
        listing: str
        customer_ids: list[UUID]

    @classmethod
    def record(cls, tenant_id: UUID, listing: Listing, customer_ids: list[UUID]) -> "ListingAccess":
        return cls._create(
            cls.Recorded,
            id=uuid4(),
            tenant_id=tenant_id,
            listing=Listing(listing).value,
            customer_ids=customer_ids,
        )
