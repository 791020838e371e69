"""Random sequences of commands: every query answers what the tenant's events say.

Each example runs a random sequence of commands in a new tenant, waits for the projections, and
compares each query's answer with an independent account worked out from the stored events
(tests/integration/oracle.py): each ticket, the queue under every filter and in pages (its `q`
matching the number or serial as text, the fault by its words and their starts), each customer,
the directory's searches, each serial's history, and the service summary.
"""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.bootstrap import Services
from commands.bus import Command, send
from commands.customer_merge import MergeCustomers
from commands.customers import (
    CorrectCustomer,
    RecordConsent,
    RecordObjection,
    RegisterCustomer,
    RegisterDevice,
)
from commands.parts import ClosePartOrder, OrderPart
from commands.service_targets import SetServiceTargets
from commands.ticket_corrections import CorrectTicket
from commands.tickets import (
    AddNote,
    AssignTicket,
    ChangeTicketStatus,
    CloseTicket,
    DeviceDetails,
    OpenTicket,
    RecordRepair,
    ReopenTicket,
    UnassignTicket,
)
from domain.context import RequestContext
from domain.customer import Customer
from domain.erasure import ErasureGround
from domain.errors import DomainError
from domain.refusals import Refused
from domain.values import Role
from queries.customers import customer_detail, customer_search
from queries.devices import device_history
from queries.reports import service_summary
from queries.ticket_queue import Order, TicketFilters, ticket_queue
from queries.tickets import ticket_detail
from tests.integration.oracle import FINISHED, Expected, percentile
from tests.support import caught_up, new_tenant

SERIALS = ["SN-A1", "SN-B2", "PART-9", "PART-10"]
TEXTS = ["Dead on arrival", "F13 grid fault", "fan noisy", "100% load trips", "relay_welded"]
PHONES = [None, "082 555 1234", "+27215550199"]
EMAILS = [None, "thandi@example.com", "Bee@Example.com"]
NAMES = ["Thandi", "thabo", "Anna", "Anneke", "Bob", "Nomvula-Annemarie Van Wyk"]
PRIORITIES = ["low", "normal", "high", "urgent"]
STATUSES = ["new", "diagnosing", "awaiting_parts", "in_repair", "ready_for_collection", "cancelled"]

index = st.integers(0, 7)
text = st.sampled_from(TEXTS)
maybe_text = st.none() | text
new_customer = st.tuples(
    st.just("customer"),
    st.sampled_from(NAMES),
    st.sampled_from(NAMES),
    st.sampled_from(PHONES),
    st.sampled_from(EMAILS),
    st.booleans(),
)
new_ticket = st.tuples(
    st.just("ticket"),
    index,
    st.sampled_from(SERIALS),
    text,
    st.sampled_from(PRIORITIES),
)
repair = st.tuples(
    st.just("repair"),
    index,
    st.sampled_from(["diagnosis", "part_replaced", "repair", "test"]),
    text,
    st.none() | st.just("RB-1"),
    st.none() | st.sampled_from(SERIALS),
)
# Two customers with a phone and a ticket each first, so that later operations have work.
prelude = st.tuples(
    *[new_customer.filter(lambda op: op[3] is not None)] * 2,
    *[new_ticket] * 2,
)
operation = st.one_of(
    new_customer,
    st.tuples(st.just("correct"), index, st.sampled_from(["name", "surname", "phone", "email"])),
    st.tuples(st.just("device"), index, st.sampled_from(SERIALS)),
    st.tuples(st.just("consent"), index, st.sampled_from(["sms", "email"]), st.booleans()),
    st.tuples(st.just("object"), index),
    st.tuples(st.just("erase"), index),
    st.tuples(st.just("merge"), index, index),
    new_ticket,
    st.tuples(st.just("assign"), index, index),
    st.tuples(st.just("unassign"), index),
    st.tuples(
        st.just("fix"),
        index,
        st.none() | st.sampled_from(PRIORITIES),
        maybe_text,
        st.none() | st.sampled_from(SERIALS),
    ),
    st.tuples(st.just("status"), index, st.sampled_from(STATUSES), maybe_text),
    repair,
    repair,
    st.tuples(st.just("note"), index, text),
    st.tuples(st.just("close"), index, st.sampled_from(["repaired", "declined"]), text),
    st.tuples(st.just("reopen"), index, text),
    st.tuples(st.just("targets"), st.integers(1, 3), st.integers(1, 500)),
    st.tuples(st.just("part"), index, st.sampled_from(["0.00", "1250.5", "99"]), st.booleans()),
    st.tuples(st.just("part_closed"), index, st.booleans()),
)


class Run:
    """Carries out operations in one tenant, by the commands layer, ignoring refused ones."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.kit = new_tenant(services)
        self.ctx = self.kit.ctx(Role.ADMIN)
        self.staff = [self.kit.admin_id, self.kit.member(Role.TECHNICIAN)]
        self.customers: list[UUID] = []
        self.tickets: list[UUID] = []
        self.parts: list[tuple[UUID, UUID]] = []  # each part ordered, with its ticket

    def do(self, op: tuple[Any, ...]) -> None:
        try:
            self._do(*op)
        except (DomainError, Refused, ValueError):
            pass

    def _do(self, kind: str, *a: Any) -> None:
        app, ctx = self.services.app, self.ctx
        if kind == "customer":
            name, surname, phone, email, sms = a
            consents = {"sms": sms and phone is not None}
            registration = RegisterCustomer(
                name=name, surname=surname, phone=phone, email=email, consents=consents
            )
            self.customers.append(send(registration, ctx, app).id)
            return
        if kind == "targets":
            hours = {p: a[0] * (4 - i) + a[1] for i, p in enumerate(PRIORITIES)}
            send(SetServiceTargets(**hours), ctx, app)
            return
        if kind == "part_closed" and self.parts:
            ticket_id, part_id = self.parts[a[0] % len(self.parts)]
            send(ClosePartOrder(ticket_id=ticket_id, part_id=part_id, arrived=a[1]), ctx, app)
            return
        customer = self.customers[a[0] % len(self.customers)] if self.customers else None
        ticket = self.tickets[a[0] % len(self.tickets)] if self.tickets else None
        if customer is not None and kind in CUSTOMER_COMMANDS:
            send(CUSTOMER_COMMANDS[kind](customer, *a[1:]), ctx, app)
        elif customer is not None and kind == "merge":
            duplicate = self.customers[a[1] % len(self.customers)]
            send(MergeCustomers(customer_id=customer, duplicate_id=duplicate), ctx, app)
        elif customer is not None and kind == "erase":
            found = app.load(Customer, customer, ctx)
            found.erase(ErasureGround.DATA_SUBJECT_REQUEST, "asked to be forgotten")
            app.commit(ctx, found)
        elif customer is not None and kind == "ticket":
            device = DeviceDetails(make="Sunsynk", model="8K", serial_number=a[1])
            intake = OpenTicket(
                customer_id=customer,
                device=device,
                fault_description=a[2],
                priority=a[3],
                channel="walk_in",
            )
            self.tickets.append(send(intake, ctx, app).id)
        elif ticket is not None and kind == "assign":
            assignment = AssignTicket(ticket_id=ticket, assignee_id=self.staff[a[1] % 2])
            send(assignment, ctx, app)
        elif ticket is not None and kind == "part":
            tracking = "TRK-9" if a[2] else None
            order = OrderPart(
                ticket_id=ticket,
                part_number="RB-1",
                description="Relay board",
                cost=a[1],
                supplier="Sunsynk SA",
                tracking=tracking,
            )
            self.parts.append((ticket, send(order, ctx, app).part_id))
        elif ticket is not None and kind in TICKET_COMMANDS:
            send(TICKET_COMMANDS[kind](ticket, *a[1:]), ctx, app)


CUSTOMER_COMMANDS: dict[str, Callable[..., Command[Any]]] = {
    "correct": lambda i, field: CorrectCustomer(
        customer_id=i,
        **{field: {"name": "Zanele", "surname": "Anders", "phone": "0835550000"}.get(field)},
    ),
    "device": lambda i, serial: RegisterDevice(
        customer_id=i, make="Pylontech", model="US3000C", serial_number=serial
    ),
    "consent": lambda i, channel, granted: RecordConsent(
        customer_id=i, channel=channel, granted=granted, source="call"
    ),
    "object": lambda i: RecordObjection(customer_id=i, reason="stop"),
}
TICKET_COMMANDS: dict[str, Callable[..., Command[Any]]] = {
    "status": lambda i, status, note: ChangeTicketStatus(ticket_id=i, status=status, note=note),
    "repair": lambda i, kind, description, part, serial: RecordRepair(
        ticket_id=i,
        kind=kind,
        description=description,
        part_number=part,
        replacement_serial=serial,
    ),
    "note": lambda i, body: AddNote(ticket_id=i, body=body),
    "close": lambda i, resolution, summary: CloseTicket(
        ticket_id=i, resolution=resolution, summary=summary
    ),
    "reopen": lambda i, reason: ReopenTicket(ticket_id=i, reason=reason),
    "unassign": lambda i: UnassignTicket(ticket_id=i),
    "fix": lambda i, priority, fault, serial: CorrectTicket(
        ticket_id=i,
        **{
            k: v for k, v in (("priority", priority), ("fault_description", fault)) if v is not None
        },
        **({"device": {"serial_number": serial}} if serial else {}),
    ),
}


def expected_from_the_log(services: Services, after: int, tenant_id: UUID) -> Expected:
    expected = Expected()
    recorder, mapper = services.app.recorder, services.app.mapper
    while batch := recorder.select_notifications(after, 500, inclusive_of_start=False):
        for notification in batch:
            event: Any = mapper.to_domain_event(notification)
            if event.meta.get("tenant_id") == str(tenant_id):
                expected.fold(notification.id, event)
        after = batch[-1].id
    return expected


@pytest.mark.slow
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(prelude, st.lists(operation, max_size=40))
def test_every_query_answers_what_the_events_say(
    services: Services, first: tuple[Any, ...], operations: list[tuple[Any, ...]]
) -> None:
    start = services.app.recorder.max_notification_id() or 0
    run = Run(services)
    for op in [*first, *operations]:
        run.do(op)
    caught_up(services)
    expected = expected_from_the_log(services, start, run.kit.id)
    db, ctx = services.read_store, run.ctx
    for ticket_id, ticket in expected.tickets.items():
        shown = ticket_detail(db, ctx, ticket_id).model_dump()
        assert {k: v for k, v in shown.items() if k in ticket} == ticket
        assert [r["description"] for r in shown["repairs"]] == [
            e["text"] for e in ticket["timeline"] if e["kind"] == "repair_recorded"
        ]
        assert [n["body"] for n in shown["notes"]] == [
            e["text"] for e in ticket["timeline"] if e["kind"] == "note_added"
        ]
    check_queue(services, ctx, expected)
    check_customers(services, ctx, expected)
    for serial in {*SERIALS, *expected.history}:
        entries = device_history(db, ctx, serial.lower(), 200, None).items
        assert [e.model_dump() for e in entries] == expected.history.get(serial, [])
    check_summary(services, ctx, expected)


def check_queue(services: Services, ctx: RequestContext, expected: Expected) -> None:
    tickets = expected.tickets.values()
    filters: list[dict[str, Any]] = [{}]
    for column in ("status", "priority", "assignee_id", "customer_id"):
        filters += [{column: value} for value in {ticket[column] for ticket in tickets}]
    filters += [{"serial_number": serial.lower()} for serial in SERIALS]
    queries = ["t-00000", "sn-b", "GRID", "100%", "_", "ed", "noisy FAN", "weld", "arr", "f1"]
    queries += ["th", "ann", "Anna th", "bob", "van w"]  # names (at most 20 characters)
    filters += [{"q": q} for q in queries]
    filters += [{"status": "new", "priority": "high"}, {"status": ["new", "closed"]}]
    filters += [{"open": True}, {"open": False}, {"unassigned": True}, {"unassigned": False}]
    for chosen in filters:
        wanted = TicketFilters(**chosen)
        matching = [
            ticket
            for ticket in tickets
            if _matches(ticket, expected.customers[ticket["customer_id"]], wanted)
        ]
        for order in Order:
            newest = order is Order.NEWEST
            matching.sort(key=lambda t: (t["opened_at"], t["id"]), reverse=newest)
            pages, cursor = [], None
            while True:
                page = ticket_queue(services.read_store, ctx, wanted, order, 3, cursor)
                pages += page.items
                if (cursor := page.next_cursor) is None:
                    break
            assert [p.id for p in pages] == [m["id"] for m in matching], chosen
            for item in pages:
                ticket = expected.tickets[item.id] | expected.queued[item.id]
                customer = expected.customers[item.customer_id]
                assert (item.customer_name, item.customer_surname) == (
                    customer["name"],
                    customer["surname"],
                )
                assert {k: v for k, v in item.model_dump().items() if k in ticket} == {
                    k: v for k, v in ticket.items() if k in item.model_dump()
                }


def _matches(ticket: dict[str, Any], customer: dict[str, Any], wanted: TicketFilters) -> bool:
    if wanted.status and ticket["status"] not in wanted.status:
        return False
    if wanted.customer_id and ticket["customer_id"] not in wanted.customer_id:
        return False
    if wanted.open is not None and (ticket["status"] not in FINISHED) is not wanted.open:
        return False
    if wanted.unassigned is not None and (ticket["assignee_id"] is None) is not wanted.unassigned:
        return False
    for column in ("priority", "assignee_id"):
        value = getattr(wanted, column)
        if value is not None and ticket[column] != value:
            return False
    if wanted.serial_number and ticket["device"]["serial_number"] != wanted.serial_number:
        return False
    if wanted.q is not None:
        q = wanted.q.lower()
        if q in f"{ticket['number']} {ticket['device']['serial_number']}".lower():
            return True
        name, surname = (customer["name"] or "").lower(), (customer["surname"] or "").lower()
        if f"{name} {surname}".startswith(q) or surname.startswith(q):
            return True
        fault = [
            w[:20] for w in re.findall(r"[^\W_]+", (ticket["fault_description"] or "").lower())
        ]
        asked = [w[:20] for w in re.findall(r"[^\W_]+", q)]
        return bool(asked) and all(
            any(w == a or (len(a) >= 3 and w.startswith(a)) for w in fault) for a in asked
        )
    return True


def check_customers(services: Services, ctx: RequestContext, expected: Expected) -> None:
    db = services.read_store
    for customer_id, customer in expected.customers.items():
        assert customer_detail(db, ctx, customer_id).model_dump(mode="json") == _json(customer)
    full = {
        i: f"{(c['name'] or '').lower()} {(c['surname'] or '').lower()}"
        for i, c in expected.customers.items()
    }
    queries = [None, "0825551234", "+27 21 555 0199", "THANDI@example.com", "th", "ann", "anders"]
    queries += ["anna th", "nomvula-annemarie van w", "nomvula-annemarie van wyk thandi"]
    for q in queries:
        found = [  # in order of registration, as expected.customers is
            i
            for i, c in expected.customers.items()
            if q is None
            or full[i].startswith(q.lower())
            or (c["surname"] or "").lower().startswith(q.lower())
            or (c["phone"] and q.replace(" ", "") in (c["phone"], "0" + c["phone"][3:]))
            or (c["email"] or "").lower() == q.lower()
        ]
        pages, cursor = [], None
        while True:
            page = customer_search(db, ctx, q, 2, cursor)
            pages += [item.id for item in page.items]
            if (cursor := page.next_cursor) is None:
                break
        assert pages == found, q


def check_summary(services: Services, ctx: RequestContext, expected: Expected) -> None:
    start = min((f["opened_at"] for f in expected.service.values()), default=datetime.now(UTC))
    start -= timedelta(minutes=1)
    end = datetime.now(UTC) + timedelta(hours=2)
    shown = service_summary(services.read_store, ctx, start, end)
    figures = list(expected.service.values())
    open_now = [f for f in figures if f["status"] not in FINISHED]
    assert shown.open.total == len(open_now)
    assert shown.open.by_status == _count(f["status"] for f in open_now)
    assert {a.assignee_id: a.count for a in shown.open.by_assignee} == _count(
        f["assignee_id"] for f in open_now
    )
    for moment, durations in (
        ("first_response_at", shown.first_response),
        ("resolved_at", shown.resolution),
    ):
        seconds = [
            (f[moment] - f["opened_at"]).total_seconds() for f in figures if f[moment] is not None
        ]
        assert durations.count == len(seconds)
        for fraction, got in ((0.5, durations.median_seconds), (0.9, durations.p90_seconds)):
            assert got == pytest.approx(percentile(seconds, fraction), abs=1e-6)
    assert shown.target_hours == expected.targets
    due = sorted(
        (f["opened_at"] + timedelta(hours=expected.targets[f["priority"]]), f["number"])
        for f in open_now
        if f["opened_at"] + timedelta(hours=expected.targets[f["priority"]]) < end
    )
    assert [(d.due_at, d.number) for d in shown.past_due.tickets] == due
    assert shown.past_due.total == len(due)


def _count(values: Any) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def _json(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, UUID):
        return str(value)
    return value
