"""Quotes on a ticket: money in cents, VAT on the total half up, supersession, and repair work
that waits for the customer's approval."""

from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError, InvalidTransition, InvalidValue
from domain.money import (
    MAX_QUANTITY,
    MAX_UNIT_CENTS,
    LineKind,
    QuoteLine,
    cents,
    rate_points,
    totals,
    written,
)
from domain.quote import (
    DecisionChannel,
    QuoteNotApproved,
    QuoteNotAwaitingDecision,
    QuoteState,
    QuoteSuperseded,
    current,
)
from domain.refusals import NotFound
from domain.ticket import Ticket
from domain.ticket_status import MOVES, TicketStatus
from tests.unit.builders import new_ticket

HASH = "ab" * 32
SCREEN = QuoteLine(LineKind.PART, "Display board", 1, 125_000)
LABOUR = QuoteLine(LineKind.LABOUR, "Bench hour", 2, 45_050)


def sent(ticket: Ticket, channel: str = "sms") -> UUID:
    quote_id = ticket.draft_quote([SCREEN, LABOUR], 1500, "ZAR")
    ticket.send_quote(quote_id, channel, uuid4())
    return quote_id


def test_amounts_are_read_as_cents_and_written_back() -> None:
    assert cents("1250.00", "p") == 125_000
    assert cents("1250.5", "p") == 125_050
    assert cents("0", "p") == 0
    assert written(125_050) == "1250.50"
    assert written(7) == "0.07"
    for bad in ("-1.00", "1.005", "1e3", "01.00", "", " ", "1,000.00", "NaN", "١٢"):
        with pytest.raises(InvalidValue):
            cents(bad, "p")


def test_vat_is_on_the_net_total_rounded_half_up_not_per_line() -> None:
    # Three lines of 0.10 at 15%: 1.5 cents a line would round to 2 each (6); on the total, 4.5
    # cents rounds half up to 5.
    lines = [QuoteLine(LineKind.PART, "washer", 1, 10)] * 3
    figures = totals(lines, 1500)
    assert (figures.net, figures.vat, figures.gross) == (30, 5, 35)
    assert totals([SCREEN, LABOUR], 1500).net == 125_000 + 90_100
    assert totals([SCREEN], 0).vat == 0


money = st.integers(min_value=0, max_value=MAX_UNIT_CENTS)
lines = st.lists(
    st.builds(
        QuoteLine,
        st.sampled_from(LineKind),
        st.just("line"),
        st.integers(min_value=1, max_value=MAX_QUANTITY),
        money,
    ),
    min_size=1,
    max_size=50,
)


@given(lines, st.integers(min_value=0, max_value=10_000))
def test_totals_are_exact_cents_and_vat_is_the_decimal_rounding_half_up(
    quote_lines: list[QuoteLine], rate: int
) -> None:
    figures = totals(quote_lines, rate)
    assert figures.net == sum(line.quantity * line.unit_cents for line in quote_lines)
    exact = Decimal(figures.net) * Decimal(rate) / Decimal(10_000)
    assert figures.vat == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert figures.gross == figures.net + figures.vat
    assert all(isinstance(n, int) for n in (figures.net, figures.vat, figures.gross))


def test_rates_are_percentages_in_basis_points() -> None:
    assert rate_points("15") == 1500 and rate_points("15.5") == 1550
    with pytest.raises(InvalidValue):
        rate_points("100.01")


def test_a_quote_needs_lines_of_sane_quantities_and_prices() -> None:
    ticket = new_ticket()
    with pytest.raises(InvalidValue) as empty:
        ticket.draft_quote([], 1500, "ZAR")
    assert empty.value.field == "lines"
    dear = QuoteLine(LineKind.PART, "gold", 1, MAX_UNIT_CENTS + 1)
    with pytest.raises(InvalidValue) as too_dear:
        ticket.draft_quote([SCREEN, dear], 1500, "ZAR")
    assert too_dear.value.field == "lines.1.unit_price"
    assert ticket.quotes == [] and ticket.version == 1


def test_sending_moves_the_ticket_to_awaiting_approval_and_repair_waits_for_approval() -> None:
    ticket = new_ticket()
    ticket.change_status(TicketStatus.DIAGNOSING)
    quote_id = ticket.draft_quote([SCREEN], 1500, "ZAR")
    with pytest.raises(QuoteNotApproved):
        ticket.change_status(TicketStatus.IN_REPAIR)  # a draft is not approved
    ticket.send_quote(quote_id, "sms", uuid4())
    assert ticket.status is TicketStatus.AWAITING_APPROVAL
    assert current(ticket.quotes).state is QuoteState.SENT  # type: ignore[union-attr]
    with pytest.raises(QuoteNotApproved) as refused:
        ticket.change_status(TicketStatus.IN_REPAIR)
    assert refused.value.code == "quote_not_approved"
    ticket.decide_quote(quote_id, True, DecisionChannel.SMS, by_staff=False, source_hash=HASH)
    ticket.change_status(TicketStatus.IN_REPAIR)
    assert ticket.status.value == "in_repair"


def test_awaiting_approval_is_reached_only_by_sending_a_quote() -> None:
    ticket = new_ticket()
    with pytest.raises(InvalidTransition):
        ticket.change_status(TicketStatus.AWAITING_APPROVAL)
    assert TicketStatus.AWAITING_APPROVAL in MOVES[TicketStatus.DIAGNOSING]
    assert TicketStatus.READY_FOR_COLLECTION in MOVES[TicketStatus.AWAITING_APPROVAL]


def test_a_declined_quote_keeps_repair_out_and_the_device_can_go_back() -> None:
    ticket = new_ticket()
    quote_id = sent(ticket)
    ticket.decide_quote(quote_id, False, DecisionChannel.PHONE, by_staff=True, reason="called")
    assert current(ticket.quotes).state is QuoteState.DECLINED  # type: ignore[union-attr]
    with pytest.raises(QuoteNotApproved):
        ticket.change_status(TicketStatus.IN_REPAIR)
    ticket.change_status(TicketStatus.READY_FOR_COLLECTION)


def test_a_quote_is_decided_once() -> None:
    ticket = new_ticket()
    quote_id = sent(ticket)
    ticket.decide_quote(quote_id, True, DecisionChannel.SMS, by_staff=False, source_hash=HASH)
    version = ticket.version
    with pytest.raises(QuoteNotAwaitingDecision) as again:
        ticket.decide_quote(quote_id, False, DecisionChannel.SMS, by_staff=False, source_hash=HASH)
    assert again.value.code == "quote_decided" and ticket.version == version


def test_a_revised_quote_supersedes_the_earlier_which_is_kept() -> None:
    ticket = new_ticket()
    first = sent(ticket)
    ticket.decide_quote(first, True, DecisionChannel.SMS, by_staff=False, source_hash=HASH)
    second = ticket.draft_quote([SCREEN, LABOUR, LABOUR], 1500, "ZAR")
    assert [q.state for q in ticket.quotes] == [QuoteState.SUPERSEDED, QuoteState.DRAFT]
    assert ticket.quotes[0].decision is not None  # its decision stays on the record
    with pytest.raises(QuoteSuperseded):
        ticket.send_quote(first, "sms", uuid4())
    with pytest.raises(QuoteNotApproved):
        ticket.change_status(TicketStatus.IN_REPAIR)  # the approval was of the earlier quote
    ticket.send_quote(second, "whatsapp", uuid4())
    assert ticket.status is TicketStatus.AWAITING_APPROVAL


def test_evidence_fits_who_decided_and_where() -> None:
    ticket = new_ticket()
    quote_id = sent(ticket, "sms")
    refusals = [
        {"channel": DecisionChannel.PHONE, "by_staff": True},  # staff give a reason
        {"channel": DecisionChannel.STATUS_PAGE, "by_staff": True, "reason": "x"},
        {"channel": DecisionChannel.SMS, "by_staff": False},  # no source
        {"channel": DecisionChannel.STATUS_PAGE, "by_staff": False, "source_hash": HASH},
        {"channel": DecisionChannel.PHONE, "by_staff": False, "source_hash": HASH},
        {"channel": DecisionChannel.WHATSAPP, "by_staff": False, "source_hash": HASH},
    ]
    for evidence in refusals:
        with pytest.raises(InvalidValue):
            ticket.decide_quote(quote_id, True, **evidence)  # type: ignore[arg-type]
    ticket.decide_quote(
        quote_id,
        True,
        DecisionChannel.STATUS_PAGE,
        by_staff=False,
        source_hash=HASH,
        signature_name="Thandi Nkosi",
    )
    decision = current(ticket.quotes).decision  # type: ignore[union-attr]
    assert decision is not None and decision.signature_name == "Thandi Nkosi"


def test_an_unknown_quote_is_not_found() -> None:
    ticket = new_ticket()
    with pytest.raises(NotFound):
        ticket.send_quote(uuid4(), "sms", uuid4())


def test_de_identification_erases_signatures_and_reasons() -> None:
    ticket = new_ticket()
    quote_id = sent(ticket)
    ticket.decide_quote(quote_id, True, DecisionChannel.PHONE, by_staff=True, reason="Mr N said")
    ticket.change_status(TicketStatus.CANCELLED)
    ticket.deidentify("retention")
    decision = ticket.quotes[0].decision
    assert decision is not None and decision.reason is None and decision.approved


quote_steps = st.one_of(
    st.tuples(st.just("draft"), st.just(None)),
    st.tuples(st.just("send"), st.sampled_from(["sms", "whatsapp"])),
    st.tuples(st.just("decide"), st.booleans()),
    st.tuples(st.just("status"), st.sampled_from(TicketStatus)),
)


@given(st.lists(quote_steps, max_size=30))
def test_no_sequence_starts_repair_on_a_quote_not_approved(
    steps: list[tuple[str, object]],
) -> None:
    ticket = new_ticket()
    for name, arg in steps:
        before = (ticket.status, ticket.version)
        standing = current(ticket.quotes)
        try:
            if name == "draft":
                ticket.draft_quote([SCREEN], 1500, "ZAR")
            elif name == "send" and standing:
                ticket.send_quote(standing.id, str(arg), uuid4())
            elif name == "decide" and standing:
                channel = DecisionChannel(standing.sent_on or "sms")
                ticket.decide_quote(
                    standing.id, bool(arg), channel, by_staff=False, source_hash=HASH
                )
            elif name == "status":
                ticket.change_status(TicketStatus(str(arg)))
        except (DomainError, NotFound):
            assert (ticket.status, ticket.version) == before
            continue
        now = current(ticket.quotes)
        if ticket.status is TicketStatus.IN_REPAIR and before[0] is not TicketStatus.IN_REPAIR:
            assert now is None or now.state is QuoteState.APPROVED
        if ticket.status is TicketStatus.AWAITING_APPROVAL:
            assert now is not None
