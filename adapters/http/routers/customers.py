"""Customers: registration, details, devices, consents, objection."""

from uuid import UUID

from fastapi import APIRouter, Response

from adapters.http.deps import QueryContext, ServicesDep, WriteContext, may
from adapters.http.freshness import reads
from adapters.http.routers.customer_privacy import recorded_access
from adapters.http.routers.staff import Limit
from adapters.http.writes import run
from commands import customers as c
from commands.answers import Written
from domain.access import CUSTOMER_READERS, DESK
from domain.access_log import AccessPurpose
from domain.fields import SearchText
from domain.values import ContactChannel
from projections.customer_directory.projection import CustomerDirectory
from queries.customers import CustomerPublic, CustomerSummary, customer_detail, customer_search
from queries.pages import DEFAULT_LIMIT, Cursor, Page

router = APIRouter(prefix="/v1/customers", tags=["customers"])


@router.post("", status_code=201, dependencies=[may(c.RegisterCustomer)])
def register_customer(
    body: c.CustomerRegistration, ctx: WriteContext, services: ServicesDep, response: Response
) -> Written:
    answer = run(response, services, c.register_customer, c.RegisterCustomer, ctx, body)
    response.headers["Location"] = f"/v1/customers/{answer.id}"
    return answer


@router.get("", dependencies=[may(DESK), reads(CustomerDirectory)])
def search_customers(
    ctx: QueryContext,
    services: ServicesDep,
    q: SearchText | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[CustomerSummary]:
    """Customers whose phone or email is `q` exactly, or whose name or surname starts with it."""
    return customer_search(services.datastore, ctx, q, limit, cursor)


@router.get("/{customer_id}", dependencies=[may(CUSTOMER_READERS), reads(CustomerDirectory)])
def get_customer(
    customer_id: UUID, ctx: QueryContext, services: ServicesDep, response: Response
) -> CustomerPublic:
    """The customer's details; each read is recorded on the customer's access log."""
    customer = customer_detail(services.datastore, ctx, customer_id)
    recorded_access(services, ctx, customer_id, AccessPurpose.DETAILS)
    response.headers["ETag"] = f'"{customer.version}"'
    return customer


@router.patch("/{customer_id}", dependencies=[may(c.CorrectCustomer)])
def correct_customer(
    customer_id: UUID,
    body: c.Correction,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    """Correct details; a field sent as null is removed (phone or email, not both)."""
    return run(
        response,
        services,
        c.correct_customer,
        c.CorrectCustomer,
        ctx,
        body,
        customer_id=customer_id,
    )


@router.post("/{customer_id}/devices", status_code=201, dependencies=[may(c.RegisterDevice)])
def register_device(
    customer_id: UUID,
    body: c.DeviceRegistration,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    return run(
        response,
        services,
        c.register_device,
        c.RegisterDevice,
        ctx,
        body,
        customer_id=customer_id,
    )


@router.put("/{customer_id}/consents/{channel}", dependencies=[may(c.RecordConsent)])
def record_consent(
    customer_id: UUID,
    channel: ContactChannel,
    body: c.ConsentDecision,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    """Grant or withdraw consent to a channel, with its source as evidence."""
    return run(
        response,
        services,
        c.record_consent,
        c.RecordConsent,
        ctx,
        body,
        customer_id=customer_id,
        channel=channel,
    )


@router.post("/{customer_id}/objection", dependencies=[may(c.RecordObjection)])
def record_objection(
    customer_id: UUID,
    body: c.Objection,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    """The customer objects to processing: from now on no messages, shown as `restricted`."""
    return run(
        response,
        services,
        c.record_objection,
        c.RecordObjection,
        ctx,
        body,
        customer_id=customer_id,
    )
