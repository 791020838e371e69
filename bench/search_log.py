"""A log of customers (varied names, phones, emails) and their tickets, written fast for the
search benchmark: each customer registered with a device, each ticket opened and some moved on.

Aggregates are changed by their own methods and saved by `Aftersales.commit`, many to a
transaction (as bench/event_log.py does); the plaintext of each customer is kept, so the
benchmark can search for it and fill its plaintext baseline.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID, uuid4

from commands.application import Aftersales
from domain.context import RequestContext
from domain.customer import Customer
from domain.ticket import Ticket
from domain.ticket_register import TicketRegister, register_id_for
from domain.ticket_status import TicketStatus
from domain.ticket_values import Device
from domain.values import ContactChannel, IntakeChannel, Priority

TENANTS = 4
CUSTOMERS_A_COMMIT = 20
NAMES = "Lindiwe Sipho Thandi Pieter Ayanda Nomsa Johan Zanele Themba Anika Bongani Lerato".split()
SURNAMES = "Khumalo Dlamini Nkosi van der Merwe Botha Naidoo Mokoena Zulu Pillay Smith".split()


@dataclass(frozen=True)
class Person:
    tenant: int
    customer_id: UUID
    name: str
    surname: str
    phone: str  # E.164
    email: str


class SearchLog:
    """Writes customers with tickets_each tickets each across a few tenants (new ones, unless
    the contexts of existing tenants are given)."""

    def __init__(
        self,
        app: Aftersales,
        tickets_each: int,
        contexts: list[RequestContext] | None = None,
    ) -> None:
        self.app = app
        self.tickets_each = tickets_each
        self.random = random.Random(13)
        self.contexts = contexts or [
            RequestContext(tenant_id=uuid4(), actor=str(uuid4())) for _ in range(TENANTS)
        ]
        self.registers = [
            app.find(TicketRegister, register_id_for(ctx.tenant_id))
            or TicketRegister.start(ctx.tenant_id)
            for ctx in self.contexts
        ]
        self.people: list[Person] = []

    def write(self, customers: int, progress: Callable[[int], None]) -> None:
        """Write this many customers (and their tickets), a commit at a time."""
        while len(self.people) < customers:
            tenant = (len(self.people) // CUSTOMERS_A_COMMIT) % len(self.contexts)
            progress(self._commit(tenant, min(CUSTOMERS_A_COMMIT, customers - len(self.people))))

    def _commit(self, tenant: int, customers: int) -> int:
        ctx, register = self.contexts[tenant], self.registers[tenant]
        aggregates: list[Customer | Ticket | TicketRegister] = [register]
        for _ in range(customers):
            customer = self._customer(tenant)
            aggregates.append(customer)
            aggregates += [self._ticket(register, customer) for _ in range(self.tickets_each)]
        self.app.commit(ctx, *aggregates)
        return customers

    def _customer(self, tenant: int) -> Customer:
        n = len(self.people)
        name, surname = self.random.choice(NAMES), self.random.choice(SURNAMES)
        phone, email = f"+2782{n:07d}", f"{name.lower()}.{n}@example.co.za"
        customer = Customer.register(
            tenant_id=self.contexts[tenant].tenant_id,
            name=name,
            surname=surname,
            phone=phone,
            email=email,
            consents={ContactChannel.SMS: True},
            consent_source="intake",
        )
        customer.register_device("Sunsynk", "8K", f"SS-{n}")
        self.people.append(Person(tenant, customer.id, name, surname, phone, email))
        return customer

    def _ticket(self, register: TicketRegister, customer: Customer) -> Ticket:
        device = customer.devices[0]
        ticket = Ticket.open(
            register=register,
            customer_id=customer.id,
            device=Device(device.make, device.model, device.serial_number),
            fault_description="Inverter trips on grid fault F13 every afternoon",
            priority=self.random.choice(list(Priority)),
            channel=IntakeChannel.WALK_IN,
        )
        if self.random.random() < 0.5:
            ticket.change_status(TicketStatus.DIAGNOSING)
        return ticket
