"""Writers racing at one aggregate in one process: the store's version check loses no update,
and turns at a tenant's ticket register let a burst of intakes all succeed, one number each."""

from uuid import UUID

from commands import customers, tickets
from commands.answers import Written
from commands.bus import send
from domain.refusals import VersionConflict
from domain.ticket import Ticket
from domain.ticket_register import TicketRegister, register_id_for
from domain.values import IntakeChannel, Role
from tests.parallel import all_at_once
from tests.support import TenantKit

WRITERS = 8


def _intake(customer_id: UUID) -> tickets.OpenTicket:
    return tickets.OpenTicket(
        customer_id=customer_id,
        device=tickets.DeviceDetails(make="Growatt", model="SPF 5000", serial_number="GW5K-7"),
        fault_description="Trips on start-up",
        channel=IntakeChannel.PHONE,
    )


def _customer(tenant: TenantKit) -> UUID:
    return send(
        customers.RegisterCustomer(name="Thandi", surname="Nkosi", phone="0821234567"),
        tenant.ctx(Role.AGENT),
        tenant.services.app,
    ).id


def test_writers_at_one_expected_version_get_one_success_and_conflicts(
    tenant: TenantKit,
) -> None:
    app = tenant.services.app
    opened = send(_intake(_customer(tenant)), tenant.ctx(Role.AGENT), app)
    ctx = tenant.ctx(Role.AGENT, expected_version=opened.version)

    def write() -> Written | VersionConflict:
        note = tickets.AddNote(ticket_id=opened.id, body="Checked the fuse")
        try:
            return send(note, ctx, app)
        except VersionConflict as conflict:
            return conflict

    outcomes = all_at_once(write, WRITERS)
    conflicts = [o for o in outcomes if isinstance(o, VersionConflict)]
    assert len(conflicts) == WRITERS - 1
    assert {c.current_version for c in conflicts} == {opened.version + 1}
    ticket: Ticket = app.repository.get(opened.id)
    assert (ticket.version, len(ticket.notes)) == (opened.version + 1, 1)


def test_two_copies_of_a_register_saved_without_turns_lose_no_number(tenant: TenantKit) -> None:
    """The version check alone, with no turns taken: the second save is refused."""
    app = tenant.services.app
    ctx = tenant.ctx(Role.AGENT)
    register_id = register_id_for(tenant.id)
    first, second = (app.load(TicketRegister, register_id, ctx) for _ in range(2))
    loaded_at = first.version
    first.issue(UUID(int=1))
    second.issue(UUID(int=2))
    app.commit(ctx, first)
    try:
        app.commit(ctx, second)
    except VersionConflict as conflict:
        assert (conflict.aggregate_id, conflict.current_version) == (register_id, loaded_at + 1)
    else:
        raise AssertionError("the second copy's number was saved over the first")
    issued = app.recorder.select_events(register_id, gt=loaded_at)
    assert [e.originator_version for e in issued] == [loaded_at + 1]


def test_a_burst_of_intakes_in_one_tenant_all_get_the_next_numbers(tenant: TenantKit) -> None:
    """No If-Match: each intake waits its turn at the register, more of them than the bus
    would retry a lost race; none is refused and no number is issued twice or skipped."""
    app = tenant.services.app
    ctx = tenant.ctx(Role.AGENT)
    customer_id = _customer(tenant)
    register_id = register_id_for(tenant.id)
    before = app.load(TicketRegister, register_id, ctx)

    opened = all_at_once(
        lambda: send(_intake(customer_id), ctx, app),
        WRITERS * 2,
    )
    after = app.load(TicketRegister, register_id, ctx)
    numbers = sorted(int(o.number.removeprefix("T-")) for o in opened)
    first = before.last_sequence + 1
    assert numbers == list(range(first, first + WRITERS * 2))
    assert after.version == before.version + WRITERS * 2
