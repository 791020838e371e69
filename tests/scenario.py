"""A tenant with a little of everything, made through the commands layer; and views' rows."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple
from uuid import UUID, uuid4

import psycopg
from psycopg.rows import dict_row

from adapters.bootstrap import Services
from adapters.postgres.rebuild import read_model
from commands.application import Aftersales
from commands.bus import Command, send
from commands.customers import RecordObjection, RegisterCustomer
from commands.message_settings import SetAutomaticMessages, SetMessageTemplate
from commands.privacy import EraseCustomer
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
from domain.context import RequestContext
from domain.values import IntakeChannel, Role
from projections.sealed_rows import open_rows
from projections.tables import Table
from projections.view import ReadModel
from tests.support import TenantKit


class CustomersTicket(NamedTuple):
    customer_id: UUID
    ticket_id: UUID


def customers_ticket(
    kit: TenantKit,
    name: str,
    ctx: RequestContext | None = None,
    app: Aftersales | None = None,
) -> CustomersTicket:
    """A new customer of this name (an agent registers them, unless another context is given)
    and a ticket opened for their inverter, whose fault description names them."""
    ctx = ctx or kit.ctx(Role.AGENT)
    app = app or kit.services.app
    registration = RegisterCustomer(name=name, surname="Ndlovu", email="n@example.com")
    customer = send(registration, ctx, app).id
    intake = OpenTicket(
        customer_id=customer,
        device=DeviceDetails(make="Deye", model="5K", serial_number="DY-5"),
        fault_description=f"{name}'s inverter trips",
        channel=IntakeChannel.PHONE,
    )
    return CustomersTicket(customer, send(intake, ctx, app).id)


def erase(kit: TenantKit, app: Aftersales, customer_id: UUID) -> None:
    """The compliance officer erases the customer."""
    send(
        EraseCustomer(customer_id=customer_id, reason="asked"),
        kit.ctx(Role.COMPLIANCE_OFFICER),
        app,
    )


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
    compare: its declared sealed columns opened, any other sealed value (sealed with a fresh
    nonce each time) by its length alone."""
    view = read_model(services.workers.projections[name])
    with psycopg.connect(services.database_url, row_factory=dict_row) as conn:
        return {
            table.name: sorted(
                (
                    _comparable(tuple(row.values()))
                    for row in opened(services, view, table, conn.execute(f"SELECT * FROM {table}"))
                ),
                key=repr,
            )
            for table in view.tables
        }


def opened(
    services: Services, view: ReadModel, table: Table, rows: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Rows of one of the view's tables, with the columns it seals opened (a None where the
    key is destroyed)."""
    if table not in view.sealed:
        return list(rows)
    subject, columns = view.sealed[table]
    return open_rows(services.read_store.columns, table, list(rows), subject, columns)


def _comparable(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(("sealed", len(value)) if isinstance(value, bytes) else value for value in row)
