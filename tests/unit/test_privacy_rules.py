"""The rules of privacy in the domain: erasure, legal holds, de-identification, requests."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.erasure import ErasureGround
from domain.errors import InvalidTransition, InvalidValue, LegalHoldInForce, PersonalDataErased
from domain.privacy_request import (
    AlreadyExtended,
    PrivacyRequest,
    RequestKind,
    RequestOutcome,
    RequestResolved,
)
from domain.privacy_verification import RequestUnverified, VerifiedBy
from domain.tenant import Tenant
from domain.tenant_policies import RetentionPolicy
from domain.ticket_status import TicketStatus
from domain.values import ContactChannel, RepairKind, Resolution
from tests.unit.builders import customer, new_ticket


def test_an_erasure_is_recorded_once_and_blanks_the_details() -> None:
    c = customer()
    c.erase(ErasureGround.DATA_SUBJECT_REQUEST, "asked to be forgotten")
    version = c.version
    c.erase(ErasureGround.DATA_SUBJECT_REQUEST, "again")
    assert c.version == version
    assert c.erased and (c.name, c.surname, c.phone, c.email) == (None, None, None, None)


def test_nothing_new_is_recorded_about_an_erased_customer() -> None:
    c = customer()
    c.erase(ErasureGround.DATA_SUBJECT_REQUEST, "asked to be forgotten")
    changes: list[Callable[[], None]] = [
        lambda: c.correct(name="Other"),
        lambda: c.record_consent(ContactChannel.SMS, False, "call"),
        lambda: c.record_objection("stop"),
        lambda: c.register_device("Sunsynk", "8K", "SS-9"),
        lambda: c.hold(True, "litigation"),
    ]
    for change in changes:
        with pytest.raises(PersonalDataErased):
            change()


def test_a_legal_hold_stops_erasure_until_it_is_lifted() -> None:
    c = customer()
    c.hold(True, "case 12/2025")
    c.hold(True, "same case")
    assert c.legal_hold and c.version == 2
    with pytest.raises(LegalHoldInForce):
        c.erase(ErasureGround.DATA_SUBJECT_REQUEST, "asked")
    c.hold(False, "case closed")
    c.erase(ErasureGround.DATA_SUBJECT_REQUEST, "asked")
    assert c.erased


def test_only_a_finished_tickets_text_is_deidentified_and_then_it_takes_no_more() -> None:
    ticket = new_ticket()
    ticket.record_repair(RepairKind.PART_REPLACED, "new fan for Mr X", part_number="FAN-1")
    ticket.add_note("call Mrs Y after five")
    with pytest.raises(InvalidTransition):
        ticket.deidentify("retention")
    ticket.close(Resolution.REPAIRED, "fixed for Mr X")
    ticket.deidentify("retention")
    assert ticket.deidentified and ticket.fault_description is None and ticket.summary is None
    assert [r.description for r in ticket.repairs] == [None]
    assert [r.part_number for r in ticket.repairs] == ["FAN-1"]
    assert [n.body for n in ticket.notes] == [None]
    assert ticket.device.serial_number == "HQ2207X" and ticket.status is TicketStatus.CLOSED
    later: list[Callable[[], None]] = [lambda: ticket.add_note("more"), lambda: ticket.reopen("x")]
    for change in later:
        with pytest.raises(PersonalDataErased):
            change()


def request(now: datetime | None = None) -> PrivacyRequest:
    return PrivacyRequest.receive(
        tenant_id=uuid4(),
        kind=RequestKind.DELETION,
        name="Lerato",
        email="lerato@example.com",
        phone=None,
        details="please delete me",
        now=now or datetime.now(UTC),
    )


def test_a_privacy_request_is_due_in_thirty_days_extendable_once() -> None:
    now = datetime(2025, 3, 1, 9, tzinfo=UTC)
    r = request(now)
    assert r.due_by == now + timedelta(days=30) and r.reference.startswith("PR-")
    r.extend("the records are archived off site")
    assert r.due_by == now + timedelta(days=60) and r.extended
    with pytest.raises(AlreadyExtended):
        r.extend("again")


def test_a_privacy_request_is_resolved_once_and_needs_a_way_to_answer() -> None:
    r = request()
    with pytest.raises(RequestUnverified):
        r.resolve(RequestOutcome.COMPLETED, "erased before the requester proved who they are")
    r.verify(VerifiedBy.STAFF, "ID book seen at the desk")
    r.resolve(RequestOutcome.COMPLETED, "erased")
    with pytest.raises(RequestResolved):
        r.resolve(RequestOutcome.DECLINED, "changed my mind")
    with pytest.raises(RequestResolved):
        r.extend("late")
    with pytest.raises(InvalidValue) as refused:
        PrivacyRequest.receive(
            tenant_id=uuid4(),
            kind=RequestKind.ACCESS,
            name="X",
            email=None,
            phone=None,
            details=None,
            now=datetime.now(UTC),
        )
    assert refused.value.field == "email"


def test_a_retention_policy_keeps_at_least_a_day() -> None:
    tenant = Tenant.create("Sun Repairs", f"sun-{uuid4().hex[:6]}")
    tenant.set_retention(RetentionPolicy(customer_days=365, ticket_text_days=90))
    assert tenant.retention == RetentionPolicy(365, 90)
    with pytest.raises(InvalidValue) as refused:
        tenant.set_retention(RetentionPolicy(customer_days=0))
    assert refused.value.field == "customer_days"
