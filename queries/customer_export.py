"""Everything held about a customer, for the person's right of access (POPIA section 23)."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.access import EXPORTERS
from domain.access_log import CustomerAccessLog, access_log_id_for
from domain.context import RequestContext, authorize
from domain.customer import Customer
from domain.message import Message
from domain.ticket import Ticket
from queries.event_store import StoredEvents
from queries.export_models import (
    Access,
    ConsentEvidence,
    CustomerExport,
    ExportedDevice,
    ExportedMessage,
    ExportedNote,
    ExportedRepair,
    ExportedTicket,
    Record,
)
from queries.messages import messages_of
from queries.read_store import ReadStore
from queries.retention_schedule import tickets_of


def customer_export(
    app: StoredEvents, db: ReadStore, ctx: RequestContext, customer_id: UUID
) -> CustomerExport:
    authorize(ctx, EXPORTERS)
    customer = app.load(Customer, customer_id, ctx)
    events: list[Any] = list(app.events.get(customer_id))
    tickets = [app.load(Ticket, t, ctx) for t in tickets_of(db, ctx.tenant_id, customer_id)]
    message_ids = messages_of(db, ctx.tenant_id, customer_id)
    messages = [_message(app.load(Message, m, ctx)) for m in message_ids]
    return CustomerExport(
        id=customer.id,
        exported_at=datetime.now(UTC),
        erased=customer.erased,
        restricted=customer.restricted,
        legal_hold=customer.legal_hold,
        name=customer.name,
        surname=customer.surname,
        phone=customer.phone,
        email=customer.email,
        consents=[c for e in events for c in _consents(e)],
        devices=[ExportedDevice.model_validate(d, from_attributes=True) for d in customer.devices],
        tickets=[_ticket(t, [m for m in messages if m.ticket_id == t.id]) for t in tickets],
        messages=messages,
        records=[
            Record(type=type(e).__qualname__, at=e.timestamp, actor=_actor(e)) for e in events
        ],
        accesses=[
            Access(staff_id=_actor(e), purpose=e.purpose, at=e.timestamp)
            for e in app.events.get(access_log_id_for(customer_id))
            if isinstance(e, CustomerAccessLog.DetailsAccessed)
        ],
        privacy_notices=customer.notices_given,
        merged=[customer_export(app, db, ctx, duplicate) for duplicate in customer.merged],
    )


def _consents(event: object) -> list[ConsentEvidence]:
    if isinstance(event, Customer.Registered):
        given = [(c, g, event.consent_source) for c, g in event.consents.items()]
    elif isinstance(event, Customer.ConsentRecorded):
        given = [(event.channel, event.granted, event.source)]
    else:
        return []
    at, by = event.timestamp, _actor(event)
    return [
        ConsentEvidence(channel=c, granted=g, source=s, recorded_at=at, recorded_by=by)
        for c, g, s in given
    ]


def _message(message: Message) -> ExportedMessage:
    content = message.content
    return ExportedMessage(
        id=message.id,
        ticket_id=message.ticket_id,
        direction=message.direction,
        channel=message.channel,
        status=message.status,
        subject=content.subject if content else None,
        body=content.body if content else None,
        at=message.created_at,
        failure_code=message.failure_code,
    )


def _ticket(ticket: Ticket, messages: list[ExportedMessage]) -> ExportedTicket:
    return ExportedTicket(
        id=ticket.id,
        number=ticket.number,
        status=ticket.status,
        make=ticket.device.make,
        model=ticket.device.model,
        serial_number=ticket.device.serial_number,
        fault_description=ticket.fault_description,
        repairs=[ExportedRepair.model_validate(r, from_attributes=True) for r in ticket.repairs],
        notes=[ExportedNote.model_validate(n, from_attributes=True) for n in ticket.notes],
        messages=messages,
        opened_at=ticket.opened_at,
        closed_at=ticket.closed_at,
        resolution=ticket.resolution,
        summary=ticket.summary,
        deidentified=ticket.deidentified,
    )


def _actor(event: object) -> str:
    return str((getattr(event, "meta", None) or {}).get("actor", "unknown"))
