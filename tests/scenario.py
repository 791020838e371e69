"""A tenant with a little of everything, made through the commands layer; and views' rows."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import psycopg

from adapters.bootstrap import Services
from adapters.postgres.rebuild import read_model
from commands.bus import Command, send
from commands.customers import RecordObjection, RegisterCustomer
from commands.message_settings import SetAutomaticMessages, SetMessageTemplate
from commands.privacy_requests import LinkPrivacyRequest, SubmitPrivacyRequest
from commands.service_targets import SetServiceTargets
from commands.tickets import (
    AddNote,
    AssignTicket,
    ChangeTicketStatus,
    CloseTicket,
    DeviceDetails,
    OpenTicket,
    RecordRepair,
    ReopenTicket,
)
from domain.values import Role
from tests.support import TenantKit


@dataclass
class Workshop:
    """What `busy_workshop` made: the marker in the person's details, and their ids."""

    kit: TenantKit
    marker: str
    customer_id: UUID
    ticket_id: UUID
    serial: str
    part_serial: str


def busy_workshop(kit: TenantKit) -> Workshop:
    """A customer (named with a unique marker) whose inverter is repaired with a new board."""
    app, ctx = kit.services.app, kit.ctx(Role.ADMIN)
    marker = f"Zebulon{uuid4().hex[:8]}"
    serial, part = f"INV-{uuid4().hex[:6]}".upper(), f"RB-{uuid4().hex[:6]}".upper()
    customer = send(
        RegisterCustomer(
            name=marker, surname="Mokoena", phone="0825559876", email=f"{marker}@example.com"
        ),
        ctx,
        app,
    ).id
    device = DeviceDetails(make="Sunsynk", model="5K", serial_number=serial)
    intake = OpenTicket(
        customer_id=customer,
        device=device,
        fault_description=f"{marker} says it beeps",
        channel="phone",
        priority="urgent",
    )
    ticket = send(intake, ctx, app).id
    technician = kit.member(Role.TECHNICIAN)
    steps: list[Command[Any]] = [
        AssignTicket(ticket_id=ticket, assignee_id=technician),
        ChangeTicketStatus(ticket_id=ticket, status="diagnosing"),
        RecordRepair(
            ticket_id=ticket,
            kind="part_replaced",
            description=f"board swapped, {marker} watched",
            replacement_serial=part,
        ),
        AddNote(ticket_id=ticket, body=f"call {marker} back"),
        CloseTicket(ticket_id=ticket, resolution="repaired", summary=f"{marker} happy"),
        ReopenTicket(ticket_id=ticket, reason=f"{marker} heard it again"),
        RecordObjection(customer_id=customer, reason="no marketing"),
        SetServiceTargets(low=500, normal=200, high=50, urgent=4),
        SetMessageTemplate(name="opened", text="We have your device"),
        SetMessageTemplate(name="ready", text="Come and fetch"),
        SetAutomaticMessages(opened="opened"),
    ]
    for command in steps:
        send(command, ctx, app)
    form = SubmitPrivacyRequest(kind="access", name=marker, email=f"{marker}@example.com")
    request = send(form, ctx, app).id
    officer = kit.ctx(Role.COMPLIANCE_OFFICER)
    link = LinkPrivacyRequest(request_id=request, customer_id=customer)
    send(link, officer, app)
    kit.member(Role.AGENT), kit.member(Role.AGENT)  # staff events late in the log too
    return Workshop(kit, marker, customer, ticket, serial, part)


def view_rows(services: Services, name: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the named read model, in a fixed order, as two builds of it
    compare: a sealed column (sealed with a fresh nonce each time) by its length alone."""
    view = read_model(services.workers.projections[name])
    with psycopg.connect(services.database_url) as conn:
        return {
            table.name: sorted(
                (_comparable(row) for row in conn.execute(f"SELECT * FROM {table}")), key=repr
            )
            for table in view.tables
        }


def _comparable(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(("sealed", len(value)) if isinstance(value, bytes) else value for value in row)
