"""What an export of everything held about a customer is made of (queries/customer_export.py)."""

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel

from domain.privacy_notice import GivenNotice


class ConsentEvidence(BaseModel):
    channel: str
    granted: bool
    source: str | None
    recorded_at: datetime
    recorded_by: str


class Record(BaseModel):
    """A change to the person's record: what, when, and who made it."""

    type: str
    at: datetime
    actor: str


class ExportedDevice(BaseModel):
    make: str
    model: str
    serial_number: str
    purchased_on: date | None
    warranty_until: date | None


class ExportedRepair(BaseModel):
    kind: str
    description: str | None
    part_number: str | None
    replacement_serial: str | None
    recorded_at: datetime


class ExportedNote(BaseModel):
    body: str | None
    added_at: datetime


class ExportedMessage(BaseModel):
    """A message to or from the person; `body` and `subject` null once erased."""

    id: UUID
    ticket_id: UUID | None
    direction: str
    channel: str
    status: str
    subject: str | None
    body: str | None
    at: datetime
    failure_code: str | None


class ExportedTicket(BaseModel):
    id: UUID
    number: str
    status: str
    make: str
    model: str
    serial_number: str
    fault_description: str | None
    repairs: list[ExportedRepair]
    notes: list[ExportedNote]
    messages: list[ExportedMessage]
    opened_at: datetime
    closed_at: datetime | None
    resolution: str | None
    summary: str | None
    deidentified: bool


class Access(BaseModel):
    staff_id: str
    purpose: str
    at: datetime


class CustomerExport(BaseModel):
    id: UUID
    exported_at: datetime
    erased: bool
    restricted: bool
    legal_hold: bool
    name: str | None
    surname: str | None
    phone: str | None
    email: str | None
    consents: list[ConsentEvidence]
    devices: list[ExportedDevice]
    tickets: list[ExportedTicket]
    messages: list[ExportedMessage]
    records: list[Record]
    accesses: list[Access]
    privacy_notices: list[GivenNotice]  # the versions of the tenant's notice given, how, when
    merged: list["CustomerExport"]  # each duplicate record merged into this one, whole
