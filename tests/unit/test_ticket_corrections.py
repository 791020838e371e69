"""Correcting a ticket after intake, unassigning it, and taking a known device by its serial."""

from uuid import uuid4

import pytest

from domain.customer_values import RegisteredDevice
from domain.errors import InvalidValue, PersonalDataErased, TicketClosed
from domain.ticket import Ticket
from domain.ticket_values import Device, intake_device
from domain.values import Priority, Resolution
from tests.unit.builders import new_ticket


def test_a_correction_changes_what_it_names_and_records_only_that() -> None:
    ticket = new_ticket()
    ticket.correct(priority="urgent", serial_number=" hq2207y ", make="Victron")
    (event,) = [e for e in ticket.collect_events() if isinstance(e, Ticket.DetailsCorrected)]
    assert event.corrected == ["priority", "serial_number"]
    assert (event.priority, event.serial_number, event.make) == ("urgent", "HQ2207Y", None)
    assert ticket.priority is Priority.URGENT
    assert ticket.device == Device("Victron", "MultiPlus", "HQ2207Y")
    assert ticket.fault_description == "no output"


def test_a_corrected_fault_replaces_the_one_given_at_intake() -> None:
    ticket = new_ticket()
    ticket.correct(fault_description="trips the breaker at start-up")
    assert ticket.fault_description == "trips the breaker at start-up"


def test_correcting_a_detail_to_what_it_is_records_nothing() -> None:
    ticket = new_ticket()
    version = ticket.version
    ticket.correct(priority="normal", model="MultiPlus", serial_number="hq2207x")
    assert ticket.version == version


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"priority": "whenever"}, "priority"),
        ({"priority": None}, "priority"),
        ({"make": "  "}, "make"),
        ({"fault_description": ""}, "fault_description"),
        ({"serial_number": "#1"}, "serial_number"),
        ({"channel": "sms"}, "channel"),
    ],
)
def test_a_bad_or_removed_detail_is_refused_naming_it(
    changes: dict[str, str | None], field: str
) -> None:
    ticket = new_ticket()
    version = ticket.version
    with pytest.raises(InvalidValue) as refused:
        ticket.correct(**changes)
    assert refused.value.field == field
    assert ticket.version == version


def test_the_priority_of_a_finished_ticket_is_not_corrected_but_its_device_is() -> None:
    ticket = new_ticket()
    ticket.close(Resolution.REPAIRED, "fixed")
    with pytest.raises(TicketClosed):
        ticket.correct(priority="high")
    ticket.correct(serial_number="HQ2207Z")
    assert ticket.device.serial_number == "HQ2207Z"


def test_the_fault_of_a_deidentified_ticket_is_not_corrected() -> None:
    ticket = new_ticket()
    ticket.close(Resolution.REPAIRED, "fixed")
    ticket.deidentify("retention")
    with pytest.raises(PersonalDataErased):
        ticket.correct(fault_description="something else")


def test_unassigning_takes_the_ticket_from_its_assignee_once() -> None:
    ticket = new_ticket()
    person = uuid4()
    ticket.assign(person)
    ticket.unassign()
    events = ticket.collect_events()
    assert isinstance(events[-1], Ticket.Unassigned) and events[-1].assignee_id == person
    assert ticket.assignee_id is None
    version = ticket.version
    ticket.unassign()
    assert ticket.version == version


def test_a_finished_ticket_keeps_its_assignee() -> None:
    ticket = new_ticket()
    ticket.assign(uuid4())
    ticket.close(Resolution.REPAIRED, "fixed")
    with pytest.raises(TicketClosed):
        ticket.unassign()


KNOWN = RegisteredDevice("Sunsynk", "8K", "SS-1", None, None)


def test_a_known_device_is_taken_by_its_serial_with_what_the_desk_gave_kept() -> None:
    assert intake_device(None, None, "SS-1", KNOWN) == Device("Sunsynk", "8K", "SS-1")
    assert intake_device(None, "8K-SG01", "SS-1", KNOWN) == Device("Sunsynk", "8K-SG01", "SS-1")


@pytest.mark.parametrize(
    ("make", "model", "field"),
    [(None, None, "device.make"), ("Deye", None, "device.model"), (None, "5K", "device.make")],
)
def test_a_device_not_on_the_record_needs_its_make_and_model(
    make: str | None, model: str | None, field: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        intake_device(make, model, "DY-5", None)
    assert refused.value.field == field
