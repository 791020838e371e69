"""A tenant's ticket register: it hands out the tenant's ticket numbers, one after another."""

from typing import TYPE_CHECKING
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

_REGISTERS = uuid5(NAMESPACE_URL, "https://aftersales.co.za/ticket-registers")


def ticket_number(sequence: int) -> str:
    """The tenant's n-th ticket number: T-000001."""
    return f"T-{sequence:06d}"


def register_id_for(tenant_id: UUID) -> UUID:
    return uuid5(_REGISTERS, str(tenant_id))


class TicketRegister(Aggregate):
    class Started(Aggregate.Created):
        tenant_id: UUID

        def apply(self, register: "TicketRegister") -> None:
            register.tenant_id = self.tenant_id
            register.last_sequence = 0

    class NumberIssued(Aggregate.Event):
        ticket_id: UUID
        number: str

        def apply(self, register: "TicketRegister") -> None:
            register.last_sequence += 1

    if TYPE_CHECKING:
        tenant_id: UUID
        last_sequence: int

    @classmethod
    def start(cls, tenant_id: UUID) -> "TicketRegister":
        return cls._create(cls.Started, id=register_id_for(tenant_id), tenant_id=tenant_id)

    def issue(self, ticket_id: UUID) -> str:
        """The next number, issued to the given ticket."""
        number = ticket_number(self.last_sequence + 1)
        self.trigger_event(self.NumberIssued, ticket_id=ticket_id, number=number)
        return number
