"""Every staff read of a customer's details goes on the record, on the customer's access log;
a page of a list showing customers' names goes on the record once, naming them."""

from uuid import UUID

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from domain.access import CUSTOMER_READERS, EXPORTERS, STAFF
from domain.access_log import (
    AccessPurpose,
    CustomerAccessLog,
    Listing,
    ListingAccess,
    access_log_id_for,
)
from domain.context import RequestContext
from domain.customer import Customer
from domain.refusals import NotFound


class RecordAccess(Command[Written]):
    may = CUSTOMER_READERS | EXPORTERS
    customer_id: UUID
    purpose: AccessPurpose


@handler
def record_access(cmd: RecordAccess, ctx: RequestContext, app: Aftersales) -> Written:
    """Append the access (the caller and the time are the event's) to the log, started on the
    customer's first access."""
    log_id = access_log_id_for(cmd.customer_id)
    with app.serialised(log_id):
        log = app.find(CustomerAccessLog, log_id)
        if log is None:
            customer = app.load(Customer, cmd.customer_id, ctx)
            log = CustomerAccessLog.start(customer.tenant_id, customer.id)
        elif log.tenant_id != ctx.tenant_id:
            raise NotFound("customer", cmd.customer_id)
        log.record(cmd.purpose)
        return app.commit(ctx, log)


class RecordListing(Command[Written]):
    may = STAFF
    listing: Listing
    customer_ids: list[UUID]


@handler
def record_listing(cmd: RecordListing, ctx: RequestContext, app: Aftersales) -> Written:
    """Record the page as one access (the caller and the time are the event's) to the names of
    the customers it showed, which the list's query found in the caller's tenant."""
    return app.commit(ctx, ListingAccess.record(ctx.tenant_id, cmd.listing, cmd.customer_ids))
