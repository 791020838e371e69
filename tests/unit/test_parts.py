"""Parts on a ticket: ordered, then arrived or cancelled; an order moves the ticket into
`awaiting_parts` where the status table allows, and the last open order closed takes it back."""

from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidValue, TicketClosed
from domain.money import LineKind, QuoteLine
from domain.parts import PartNotOpen, PartOrder, PartState
from domain.refusals import NotFound
from domain.ticket import Ticket
from domain.ticket_status import TicketStatus
from domain.values import Resolution
from tests.unit.builders import new_ticket

S = TicketStatus
SCREEN = PartOrder("LCD-6.1", "Display assembly", 1, "SN-77", 125_000, "Mobile Parts SA", "TRK-1")


def at(*statuses: TicketStatus) -> Ticket:
    ticket = new_ticket()
    for status in statuses:
        ticket.change_status(status)
    return ticket


def moves(ticket: Ticket) -> list[str]:
    return [e.status for e in ticket.collect_events() if isinstance(e, Ticket.StatusChanged)]


def test_an_order_moves_a_diagnosed_ticket_to_awaiting_parts_in_the_same_write() -> None:
    ticket = at(S.DIAGNOSING)
    ticket.collect_events()
    part_id = ticket.order_part(SCREEN)
    events = ticket.collect_events()
    assert [type(e).__name__ for e in events] == ["PartOrdered", "StatusChanged"]
    assert ticket.status is S.AWAITING_PARTS
    [part] = ticket.parts
    assert (part.id, part.state, part.order) == (part_id, PartState.ORDERED, SCREEN)


@pytest.mark.parametrize("arrived", [True, False])
def test_the_last_open_order_closed_takes_the_ticket_back_where_it_came_from(
    arrived: bool,
) -> None:
    ticket = at(S.IN_REPAIR)
    first, second = ticket.order_part(SCREEN), ticket.order_part(SCREEN)
    ticket.collect_events()
    ticket.close_part_order(first, arrived)
    assert ticket.status is S.AWAITING_PARTS and moves(ticket) == []
    ticket.close_part_order(second, True)
    assert moves(ticket) == ["in_repair"]
    assert ticket.status is S.IN_REPAIR  # type: ignore[comparison-overlap]
    assert [p.state for p in ticket.parts] == [
        PartState.ARRIVED if arrived else PartState.CANCELLED,
        PartState.ARRIVED,
    ]


def test_back_to_diagnosing_when_the_quote_does_not_let_repair_start() -> None:
    ticket = at(S.IN_REPAIR)
    part_id = ticket.order_part(SCREEN)
    ticket.draft_quote([QuoteLine(LineKind.PART, "Screen", 1, 100)], 1500, "ZAR")
    ticket.close_part_order(part_id, True)
    assert ticket.status is S.DIAGNOSING


@pytest.mark.parametrize("status", [S.NEW, S.READY_FOR_COLLECTION])
def test_where_the_ticket_cannot_await_parts_the_order_is_only_recorded(
    status: TicketStatus,
) -> None:
    ticket = at(*([S.DIAGNOSING, status] if status is not S.NEW else []))
    ticket.collect_events()
    part_id = ticket.order_part(SCREEN)
    ticket.close_part_order(part_id, True)
    assert ticket.status is status and moves(ticket) == []


def test_an_order_on_a_ticket_awaiting_parts_already_adds_no_move() -> None:
    ticket = at(S.DIAGNOSING, S.AWAITING_PARTS)
    ticket.collect_events()
    ticket.order_part(SCREEN)
    assert moves(ticket) == [] and ticket.status is S.AWAITING_PARTS


def test_a_finished_ticket_takes_no_order_and_no_arrival() -> None:
    ticket = at(S.DIAGNOSING)
    part_id = ticket.order_part(SCREEN)
    ticket.close(Resolution.REPAIRED, "done")
    with pytest.raises(TicketClosed):
        ticket.order_part(SCREEN)
    with pytest.raises(TicketClosed):
        ticket.close_part_order(part_id, True)


def test_a_part_closes_once_and_an_unknown_part_is_not_found() -> None:
    ticket = at(S.DIAGNOSING)
    part_id = ticket.order_part(SCREEN)
    ticket.close_part_order(part_id, False)
    with pytest.raises(PartNotOpen):
        ticket.close_part_order(part_id, True)
    with pytest.raises(NotFound):
        ticket.close_part_order(uuid4(), True)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"quantity": 0}, "quantity"), ({"quantity": 1000}, "quantity"), ({"cost_cents": -1}, "cost")],
)
def test_an_order_out_of_bounds_is_refused_at_its_field(change: dict[str, int], field: str) -> None:
    ticket = at(S.DIAGNOSING)
    ticket.collect_events()
    bad = PartOrder(**{**SCREEN.__dict__, **change})
    with pytest.raises(InvalidValue) as refused:
        ticket.order_part(bad)
    assert refused.value.field == field and ticket.collect_events() == []


@given(
    start=st.sampled_from([S.DIAGNOSING, S.IN_REPAIR]),
    steps=st.lists(
        st.tuples(st.sampled_from(["order", "arrive", "cancel"]), st.integers(0, 9)), max_size=30
    ),
)
def test_a_ticket_awaits_parts_exactly_while_an_order_is_open(
    start: TicketStatus, steps: list[tuple[str, int]]
) -> None:
    ticket = at(start)
    ordered: list[UUID] = []
    for step, pick in steps:
        if step == "order":
            ordered.append(ticket.order_part(SCREEN))
            continue
        open_ones = [p.id for p in ticket.parts if p.state is PartState.ORDERED]
        if open_ones:
            ticket.close_part_order(open_ones[pick % len(open_ones)], step == "arrive")
        open_now = any(p.state is PartState.ORDERED for p in ticket.parts)
        assert (ticket.status is S.AWAITING_PARTS) == open_now
        assert ticket.status in (S.AWAITING_PARTS, start)
    assert len(ticket.parts) == len(ordered)
    replayed: Ticket | None = None
    for event in ticket.collect_events():
        replayed = event.mutate(replayed)
    assert replayed is not None
    assert (replayed.status, replayed.parts) == (ticket.status, ticket.parts)
