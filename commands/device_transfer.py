"""A device moved to a new owner's record (a sold house with its inverter), its history kept."""

from uuid import UUID

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from domain.access import DESK
from domain.context import RequestContext
from domain.customer import Customer
from domain.fields import Serial


class DeviceTransfer(Body):
    to_customer_id: UUID


class TransferDevice(DeviceTransfer, Command[Written]):
    may = DESK
    customer_id: UUID
    serial_number: Serial


@handler
def transfer_device(cmd: TransferDevice, ctx: RequestContext, app: Aftersales) -> Written:
    """Both records change in one transaction; If-Match is the former owner's version."""
    former = app.load_for_change(Customer, cmd.customer_id, ctx)
    owner = app.load(Customer, cmd.to_customer_id, ctx)  # another tenant's: 404, as the former
    former.transfer_device(cmd.serial_number, owner)
    return app.commit(ctx, former, owner)
