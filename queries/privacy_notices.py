"""The versions of the tenant's privacy notice a customer was given, how and when: from the
customer's own record in the log, as the export reads it (no read model holds them)."""

from uuid import UUID

from domain.access import CUSTOMER_READERS
from domain.context import RequestContext, authorize
from domain.customer import Customer
from domain.privacy_notice import GivenNotice
from queries.event_store import StoredEvents


def notices_given(app: StoredEvents, ctx: RequestContext, customer_id: UUID) -> list[GivenNotice]:
    authorize(ctx, CUSTOMER_READERS)
    return list(app.load(Customer, customer_id, ctx).notices_given)
