"""Rules of the ticket beyond its status table."""

from uuid import uuid4

import pytest

from domain.errors import InvalidTransition, InvalidValue, TicketClosed
from domain.ticket_register import TicketRegister
from domain.ticket_status import TicketStatus
from domain.ticket_values import MissingPart
from domain.values import RepairKind, Resolution
from tests.unit.builders import new_ticket


def test_ticket_numbers_follow_the_register() -> None:
    register = TicketRegister.start(uuid4())
    numbers = [register.issue(uuid4()) for _ in range(3)]
    assert numbers == ["T-000001", "T-000002", "T-000003"]


def test_closing_is_only_by_a_closure() -> None:
    ticket = new_ticket()
    with pytest.raises(InvalidTransition):
        ticket.change_status(TicketStatus.CLOSED)


def test_a_closed_ticket_refuses_work_until_reopened() -> None:
    ticket = new_ticket()
    ticket.close(Resolution.DECLINED, "quote declined")
    with pytest.raises(TicketClosed):
        ticket.record_repair(RepairKind.TEST, "bench test")
    with pytest.raises(TicketClosed):
        ticket.close(Resolution.REPAIRED, "again")
    ticket.reopen("customer changed their mind")
    assert ticket.status is TicketStatus.NEW and ticket.resolution is None
    ticket.record_repair(RepairKind.TEST, "bench test")


def test_an_open_ticket_does_not_reopen() -> None:
    with pytest.raises(InvalidTransition):
        new_ticket().reopen("why")


def test_a_replaced_part_needs_its_part_number_or_serial() -> None:
    ticket = new_ticket()
    with pytest.raises(MissingPart):
        ticket.record_repair(RepairKind.PART_REPLACED, "swapped the board")
    ticket.record_repair(RepairKind.PART_REPLACED, "swapped", replacement_serial=" ab-12 ")
    assert ticket.repairs[-1].replacement_serial == "AB-12"


def test_a_nonsense_replacement_serial_is_refused() -> None:
    with pytest.raises(InvalidValue):
        new_ticket().record_repair(RepairKind.PART_REPLACED, "x", replacement_serial="#")


def test_assigning_the_same_person_again_records_nothing() -> None:
    ticket = new_ticket()
    person = uuid4()
    ticket.assign(person)
    version = ticket.version
    ticket.assign(person)
    assert ticket.version == version
