"""A customer's details as staff see them."""

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel

from commands.application import Aftersales
from commands.context import CommandContext, authorize
from domain.access import CUSTOMER_READERS
from domain.customer import Customer
from domain.values import ContactChannel


class ConsentPublic(BaseModel):
    granted: bool
    source: str
    recorded_at: datetime


class RegisteredDevicePublic(BaseModel):
    make: str
    model: str
    serial_number: str
    purchased_on: date | None
    warranty_until: date | None


class CustomerPublic(BaseModel):
    id: UUID
    name: str | None
    surname: str | None
    phone: str | None
    email: str | None
    consents: dict[ContactChannel, ConsentPublic]
    devices: list[RegisteredDevicePublic]
    restricted: bool
    erased: bool
    version: int


def customer_detail(app: Aftersales, ctx: CommandContext, customer_id: UUID) -> CustomerPublic:
    authorize(ctx, CUSTOMER_READERS)
    customer = app.load(Customer, customer_id, ctx)
    return CustomerPublic(
        id=customer.id,
        name=customer.name,
        surname=customer.surname,
        phone=customer.phone,
        email=customer.email,
        consents={
            channel: ConsentPublic.model_validate(consent, from_attributes=True)
            for channel, consent in customer.consents.items()
        },
        devices=[
            RegisteredDevicePublic.model_validate(d, from_attributes=True) for d in customer.devices
        ],
        restricted=customer.restricted,
        erased=customer.erased,
        version=customer.version,
    )
