"""A tenant with a little of everything, made through the commands layer; and views' rows."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import psycopg

from adapters.bootstrap import Services
from adapters.postgres.rebuild import read_model
from commands import customers as c
from commands import message_settings as ms
from commands import privacy_requests as pr
from commands import service_targets as s
from commands import tickets as t
from commands.bus import execute
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
    customer = execute(
        c.register_customer,
        c.RegisterCustomer(
            name=marker, surname="Mokoena", phone="0825559876", email=f"{marker}@example.com"
        ),
        ctx,
        app,
    ).id
    device = t.DeviceDetails(make="Sunsynk", model="5K", serial_number=serial)
    intake = t.OpenTicket(
        customer_id=customer,
        device=device,
        fault_description=f"{marker} says it beeps",
        channel="phone",
        priority="urgent",
    )
    ticket = execute(t.open_ticket, intake, ctx, app).id
    technician = kit.member(Role.TECHNICIAN)
    steps: list[tuple[Any, Any]] = [
        (t.assign_ticket, t.AssignTicket(ticket_id=ticket, assignee_id=technician)),
        (t.change_ticket_status, t.ChangeTicketStatus(ticket_id=ticket, status="diagnosing")),
        (
            t.record_repair,
            t.RecordRepair(
                ticket_id=ticket,
                kind="part_replaced",
                description=f"board swapped, {marker} watched",
                replacement_serial=part,
            ),
        ),
        (t.add_note, t.AddNote(ticket_id=ticket, body=f"call {marker} back")),
        (
            t.close_ticket,
            t.CloseTicket(ticket_id=ticket, resolution="repaired", summary=f"{marker} happy"),
        ),
        (t.reopen_ticket, t.ReopenTicket(ticket_id=ticket, reason=f"{marker} heard it again")),
        (c.record_objection, c.RecordObjection(customer_id=customer, reason="no marketing")),
        (s.set_service_targets, s.SetServiceTargets(low=500, normal=200, high=50, urgent=4)),
        (ms.set_message_template, ms.SetMessageTemplate(name="opened", text="We have your device")),
        (ms.set_message_template, ms.SetMessageTemplate(name="ready", text="Come and fetch")),
        (ms.set_automatic_messages, ms.SetAutomaticMessages(opened="opened")),
    ]
    for handler, command in steps:
        execute(handler, command, ctx, app)
    form = pr.SubmitPrivacyRequest(kind="access", name=marker, email=f"{marker}@example.com")
    request = execute(pr.submit_privacy_request, form, ctx, app).id
    officer = kit.ctx(Role.COMPLIANCE_OFFICER)
    link = pr.LinkPrivacyRequest(request_id=request, customer_id=customer)
    execute(pr.link_privacy_request, link, officer, app)
    kit.member(Role.AGENT), kit.member(Role.AGENT)  # staff events late in the log too
    return Workshop(kit, marker, customer, ticket, serial, part)


def view_rows(services: Services, name: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the named read model, in a fixed order."""
    view = read_model(services.workers.projections[name])
    with psycopg.connect(services.database_url) as conn:
        return {
            table.name: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in view.tables
        }
