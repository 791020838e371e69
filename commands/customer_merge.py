"""Two records of one person made one: the duplicate's devices move to the survivor, its
tickets show on the survivor's record, and the survivor's erasure erases both."""

from uuid import UUID

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from domain.access import PRIVACY_DESK
from domain.context import RequestContext
from domain.customer import Customer
from domain.errors import InvalidValue
from domain.refusals import NotFound


class DuplicateChoice(Body):
    duplicate_id: UUID


class MergeCustomers(DuplicateChoice, Command[Written]):
    may = PRIVACY_DESK
    customer_id: UUID


@handler
def merge_customers(cmd: MergeCustomers, ctx: RequestContext, app: Aftersales) -> Written:
    """One transaction; If-Match is the survivor's version, and a writer that changed the
    duplicate meanwhile (or merged it elsewhere) makes it a conflict."""
    survivor = app.load_for_change(Customer, cmd.customer_id, ctx)
    try:
        duplicate = app.load(Customer, cmd.duplicate_id, ctx)
    except NotFound:
        raise InvalidValue("duplicate_id", "no such customer") from None
    survivor.merge(duplicate)
    return app.commit(ctx, survivor, duplicate)
