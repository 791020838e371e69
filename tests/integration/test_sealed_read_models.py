"""The ticket queue, the ticket detail (with its messages), the device history and the privacy
requests hold no personal value in plaintext: each is sealed under its aggregate's key, opened as
a query answers, gone with an erasure; the queue's `q` still finds a fault by its words."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import pytest

from adapters.bootstrap import Services
from commands import customers, inbound, privacy_requests, tickets
from commands.bus import send
from commands.messages import SendMessage
from commands.privacy_verification import VerifyInPerson
from domain.context import RequestContext
from domain.customer import Customer
from domain.erasure import ErasureGround
from domain.values import ContactChannel, Role
from projections.base import ProjectionConsumer
from projections.device_history.projection import DeviceHistory
from projections.privacy_requests.projection import PrivacyRequests
from projections.ticket_detail.projection import TicketDetail
from projections.ticket_detail.tables import TICKET_TEXTS
from projections.ticket_queue.projection import TicketQueue
from queries.devices import device_history
from queries.privacy_requests import privacy_requests as privacy_request_list
from queries.ticket_queue import Order, TicketFilters, ticket_queue
from queries.tickets import ticket_detail
from tests.support import TenantKit, caught_up

SEALING = (TicketQueue, TicketDetail, DeviceHistory, PrivacyRequests)


def word() -> str:
    return "w" + secrets.token_hex(5)


@dataclass
class Person:
    """A customer with random personal values, a ticket, messages and a privacy request."""

    name: str
    phone: str
    email: str
    fault: str
    fault_word: str
    texts: dict[str, str]  # what each kind of free text said
    customer_id: UUID
    ticket_id: UUID
    serial: str
    request_id: UUID

    def values(self) -> list[str]:
        return [
            self.name,
            self.phone,
            self.email,
            self.fault,
            self.fault_word,
            *self.texts.values(),
        ]


def a_person(tenant: TenantKit) -> Person:
    app, ctx = tenant.services.app, tenant.ctx(Role.ADMIN)
    name, fault_word = word().capitalize(), word()
    phone, email = "+2782" + str(secrets.randbelow(10**7)).zfill(7), f"{word()}@example.org"
    texts = {kind: f"{word()} {word()}" for kind in ("status", "repair", "note", "summary")}
    texts |= {k: f"{word()} {word()}" for k in ("reason", "sent", "received", "details", "reply")}
    consents = {"sms": True}
    customer_id = send(
        customers.RegisterCustomer(
            name=name, surname=word(), phone=phone, email=email, consents=consents
        ),
        ctx,
        app,
    ).id
    serial = f"SN-{secrets.token_hex(4)}".upper()
    fault = f"{name} says {fault_word} beeps"
    device = tickets.DeviceDetails(make="Deye", model="8K", serial_number=serial)
    intake = tickets.OpenTicket(
        customer_id=customer_id, device=device, fault_description=fault, channel="phone"
    )
    ticket_id = send(intake, ctx, app).id
    for command in (
        tickets.ChangeTicketStatus(ticket_id=ticket_id, status="diagnosing", note=texts["status"]),
        tickets.RecordRepair(ticket_id=ticket_id, kind="repair", description=texts["repair"]),
        tickets.AddNote(ticket_id=ticket_id, body=texts["note"]),
        tickets.CloseTicket(ticket_id=ticket_id, resolution="repaired", summary=texts["summary"]),
        tickets.ReopenTicket(ticket_id=ticket_id, reason=texts["reason"]),
        SendMessage(
            ticket_id=ticket_id,
            channel=ContactChannel.SMS,
            channels=(ContactChannel.SMS,),
            body=texts["sent"],
        ),
    ):
        send(command, ctx, app)
    received = inbound.ReceiveMessage(
        channel=ContactChannel.SMS,
        provider_id=f"sms-{secrets.token_hex(6)}",
        sender=phone,
        body=texts["received"],
        sent_at=datetime.now(UTC),
        customer_ids=(customer_id,),
        ticket_id=ticket_id,
        ticket_customer_id=customer_id,
    )
    send(received, RequestContext.system(tenant.id), app)
    officer = tenant.ctx(Role.COMPLIANCE_OFFICER)
    form = privacy_requests.SubmitPrivacyRequest(
        kind="access", name=name, email=email, phone=phone, details=texts["details"]
    )
    request_id = send(form, ctx, app).id
    link = privacy_requests.LinkPrivacyRequest(request_id=request_id, customer_id=customer_id)
    send(link, officer, app)
    checked = VerifyInPerson(request_id=request_id, reason="ID book seen at the desk")
    send(checked, officer, app)
    resolution = privacy_requests.ResolvePrivacyRequest(
        request_id=request_id, outcome="completed", note=texts["reply"]
    )
    send(resolution, officer, app)
    caught_up(tenant.services)
    return Person(
        name, phone, email, fault, fault_word, texts, customer_id, ticket_id, serial, request_id
    )


def row_texts(services: Services, tenant_id: UUID) -> dict[str, list[str]]:
    """Every row of the tenant in the sealing read models' tables, as the database's text."""
    found: dict[str, list[str]] = {}
    with services.datastore.transaction(commit=False) as curs:
        for projection in SEALING:
            consumer = services.workers.projections[projection.name].consumer
            assert isinstance(consumer, ProjectionConsumer)
            for table in consumer.view.tables:
                rows = curs.execute(
                    f"SELECT t::text AS row FROM {table} t WHERE tenant_id = %s", (tenant_id,)
                )
                found[table.name] = [row["row"] for row in rows]
    return found


def shown(services: Services, tenant: TenantKit, person: Person) -> dict[str, object]:
    """The person's values as the queries answer them."""
    db, ctx = services.read_store, tenant.ctx(Role.ADMIN)
    ticket = ticket_detail(db, ctx, person.ticket_id)
    (queued,) = ticket_queue(db, ctx, TicketFilters(), Order.NEWEST, 50, None).items
    history = device_history(db, ctx, person.serial, 50, None).items
    officer = tenant.ctx(Role.COMPLIANCE_OFFICER)
    (request,) = privacy_request_list(db, officer, None, 50, None).items
    return {
        "fault": (ticket.fault_description, queued.fault_description),
        "summary": ticket.summary,
        "timeline": [e.text for e in ticket.timeline if e.text is not None],
        "messages": sorted(m.body or "" for m in ticket.messages),
        "history": [e.text for e in history if e.text is not None],
        "request": (request.name, request.email, request.phone, request.details, request.note),
    }


@pytest.fixture
def person(tenant: TenantKit) -> Person:
    return a_person(tenant)


def test_no_table_holds_a_personal_value_as_text_and_the_queries_answer_them(
    services: Services, tenant: TenantKit, person: Person
) -> None:
    rows = row_texts(services, tenant.id)
    assert all(rows.values()), f"a table was left empty: {rows}"
    written = "\n".join(text for texts in rows.values() for text in texts)
    for value in person.values():
        assert value.lower() not in written.lower()
        assert value.encode().hex() not in written, "a value is stored as bytes, unsealed"
    t = person.texts
    assert shown(services, tenant, person) == {
        "fault": (person.fault, person.fault),
        "summary": None,  # reopened
        "timeline": [t["status"], t["repair"], t["note"], t["summary"], t["reason"]],
        "messages": sorted([t["sent"], t["received"]]),
        "history": [person.fault, t["repair"], t["summary"], t["reason"]],
        "request": (person.name, person.email, person.phone, t["details"], t["reply"]),
    }


def test_the_queue_finds_a_fault_by_a_word_or_its_start_but_not_by_a_piece_of_one(
    services: Services, tenant: TenantKit, person: Person
) -> None:
    db, ctx = services.read_store, tenant.ctx(Role.AGENT)

    def found(q: str) -> list[UUID]:
        page = ticket_queue(db, ctx, TicketFilters(q=q), Order.NEWEST, 50, None)
        return [item.id for item in page.items]

    mine = [person.ticket_id]
    assert found(person.fault_word) == mine
    assert found(person.fault_word.upper()[:5]) == mine
    assert found(f"beeps {person.fault_word}") == mine  # every word, in any order
    assert found(person.fault_word[2:]) == []  # the middle of a word is not looked up
    assert found(f"{person.fault_word} {word()}") == []
    assert found(person.serial[3:].lower()) == mine  # the number and serial: any part


def test_an_erasure_leaves_no_personal_value_to_open_nor_to_find(
    services: Services, tenant: TenantKit, person: Person
) -> None:
    app, ctx = services.app, tenant.ctx(Role.ADMIN)
    customer = app.load(Customer, person.customer_id, ctx)
    customer.erase(ErasureGround.DATA_SUBJECT_REQUEST, "asked to be forgotten")
    app.commit(ctx, customer)
    caught_up(services)
    assert shown(services, tenant, person) == {
        "fault": (None, None),
        "summary": None,
        "timeline": [],
        "messages": ["", ""],
        "history": [],
        "request": (None, None, None, None, None),
    }
    wanted = TicketFilters(q=person.fault_word)
    assert ticket_queue(services.read_store, ctx, wanted, Order.NEWEST, 50, None).items == []
    with services.datastore.transaction(commit=False) as curs:
        for projection in SEALING:
            consumer = services.workers.projections[projection.name].consumer
            assert isinstance(consumer, ProjectionConsumer)
            for table in consumer.view.tables:
                if table in consumer.view.erasable:
                    _, columns = consumer.view.erasable[table]
                    condition = " OR ".join(f"{c} IS NOT NULL" for c in columns)
                elif table == TICKET_TEXTS:
                    condition = "true"  # its rows go
                else:
                    continue  # the tickets a device history files from: no personal column
                row = curs.execute(
                    f"SELECT count(*) AS n FROM {table} WHERE tenant_id = %s AND ({condition})",
                    (tenant.id,),
                ).fetchone()
                assert row is not None and row["n"] == 0, table
