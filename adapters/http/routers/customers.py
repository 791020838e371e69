"""Customers: registration, details, messages, devices, consents, objection."""

from uuid import UUID

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool

from adapters.http.deps import ApplicationDep, may
from adapters.http.reading import ReaderDep
from adapters.http.routers.customer_privacy import recorded_access, recorded_directory_page
from adapters.http.routers.staff import Limit
from adapters.http.writes import WriterDep
from commands.answers import Written
from commands.customer_merge import DuplicateChoice, MergeCustomers
from commands.customers import (
    ConsentDecision,
    CorrectCustomer,
    Correction,
    CustomerRegistration,
    DeviceRegistration,
    Objection,
    RecordConsent,
    RecordObjection,
    RegisterCustomer,
    RegisterDevice,
)
from commands.device_transfer import DeviceTransfer, TransferDevice
from domain.access import CUSTOMER_READERS, DESK
from domain.access_log import AccessPurpose
from domain.fields import Email, Phone, SearchText, Serial
from domain.values import ContactChannel
from queries.customer_duplicates import customers_on_record
from queries.customer_messages import CustomerMessagePublic, customer_messages
from queries.customers import CustomerPublic, CustomerSummary, customer_detail, customer_search
from queries.pages import DEFAULT_LIMIT, Cursor, Page

router = APIRouter(prefix="/v1/customers", tags=["customers"])


@router.post("", status_code=201, dependencies=[may(RegisterCustomer)])
def register_customer(body: CustomerRegistration, write: WriterDep, response: Response) -> Written:
    answer = write(RegisterCustomer.from_body(body))
    response.headers["Location"] = f"/v1/customers/{answer.id}"
    return answer


@router.get("", dependencies=[may(DESK)])
async def search_customers(
    read: ReaderDep,
    app: ApplicationDep,
    q: SearchText | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[CustomerSummary]:
    """Customers whose phone or email is `q` exactly, or whose name or surname starts with it.
    A page showing anyone is recorded once, naming those customers."""
    page = await read(customer_search, q, limit, cursor)
    await run_in_threadpool(recorded_directory_page, app, read.ctx, page)
    return page


# Beside /v1/customers/{customer_id}, not under it: a path of its own is no customer id
duplicates = APIRouter(prefix="/v1/customer-duplicates", tags=["customers"])


@duplicates.get("", dependencies=[may(DESK)])
async def on_record(
    read: ReaderDep, phone: Phone | None = None, email: Email | None = None
) -> list[CustomerSummary]:
    """The customers already on record with this phone or this email (as registration takes
    them): whom a registration would duplicate, to offer instead."""
    return await read(customers_on_record, phone, email)


@router.get("/{customer_id}", dependencies=[may(CUSTOMER_READERS)])
async def get_customer(
    customer_id: UUID, read: ReaderDep, app: ApplicationDep, response: Response
) -> CustomerPublic:
    """The customer's details; each read is recorded on the customer's access log."""
    customer = await read(customer_detail, customer_id)
    await run_in_threadpool(recorded_access, app, read.ctx, customer_id, AccessPurpose.DETAILS)
    response.headers["ETag"] = f'"{customer.version}"'
    return customer


@router.get("/{customer_id}/messages", dependencies=[may(CUSTOMER_READERS)])
async def list_customer_messages(
    customer_id: UUID, read: ReaderDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor | None = None
) -> Page[CustomerMessagePublic]:
    """The messages to and from the customer, on their tickets or in triage, oldest first."""
    return await read(customer_messages, customer_id, limit, cursor)


@router.patch("/{customer_id}", dependencies=[may(CorrectCustomer)])
def correct_customer(customer_id: UUID, body: Correction, write: WriterDep) -> Written:
    """Correct details; a field sent as null is removed (phone or email, not both)."""
    return write(CorrectCustomer.from_body(body, customer_id=customer_id))


@router.post("/{customer_id}/devices", status_code=201, dependencies=[may(RegisterDevice)])
def register_device(customer_id: UUID, body: DeviceRegistration, write: WriterDep) -> Written:
    return write(RegisterDevice.from_body(body, customer_id=customer_id))


@router.post("/{customer_id}/devices/{serial_number}/transfer", dependencies=[may(TransferDevice)])
def transfer_device(
    customer_id: UUID, serial_number: Serial, body: DeviceTransfer, write: WriterDep
) -> Written:
    """Move the device to another customer's record (a new owner); its tickets and repairs
    stay in its history by serial, and the former owner's tickets stay theirs."""
    return write(
        TransferDevice.from_body(body, customer_id=customer_id, serial_number=serial_number)
    )


@router.post("/{customer_id}/merge", dependencies=[may(MergeCustomers)])
def merge_customers(customer_id: UUID, body: DuplicateChoice, write: WriterDep) -> Written:
    """Merge a duplicate record of this person into this one (the survivor, whose version
    If-Match is): its devices move here, its tickets show here, it stays read-only as it was,
    and this customer's erasure erases it too. Consents stay on each record as given."""
    return write(MergeCustomers.from_body(body, customer_id=customer_id))


@router.put("/{customer_id}/consents/{channel}", dependencies=[may(RecordConsent)])
def record_consent(
    customer_id: UUID, channel: ContactChannel, body: ConsentDecision, write: WriterDep
) -> Written:
    """Grant or withdraw consent to a channel, with its source as evidence."""
    return write(RecordConsent.from_body(body, customer_id=customer_id, channel=channel))


@router.post("/{customer_id}/objection", dependencies=[may(RecordObjection)])
def record_objection(customer_id: UUID, body: Objection, write: WriterDep) -> Written:
    """The customer objects to processing: from now on no messages, shown as `restricted`."""
    return write(RecordObjection.from_body(body, customer_id=customer_id))
