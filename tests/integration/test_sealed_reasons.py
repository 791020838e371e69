"""Erasure reasons, consent sources and deactivation reasons: sealed in the store, shown to the
auditor while their key lives and null after, and old plaintext ones read the same way."""

import json
from uuid import UUID, uuid4

from eventsourcing.persistence import StoredEvent

from adapters.bootstrap import Services
from commands import customers, identity, privacy
from commands.bus import send
from domain.customer import Customer
from domain.erasure import ErasureGround
from domain.values import ContactChannel, Role
from queries.audit import aggregate_history
from tests.privacy import holds_plaintext, stored_states
from tests.support import TenantKit


def _history(tenant: TenantKit, aggregate_id: UUID) -> dict[str, dict[str, object]]:
    """Each event's type to its data, as the auditor's history shows it."""
    page = aggregate_history(tenant.services.app, tenant.ctx(Role.AUDITOR), aggregate_id, 50, None)
    return {item.type: item.data for item in page.items}


def _customer(tenant: TenantKit, source: str) -> UUID:
    app, desk = tenant.services.app, tenant.ctx(Role.AGENT)
    registration = customers.RegisterCustomer(name="Thandi", surname="Nkosi", phone="0825551234")
    customer_id = send(registration, desk, app).id
    consent = customers.RecordConsent(
        customer_id=customer_id, channel=ContactChannel.SMS, granted=True, source=source
    )
    send(consent, desk, app)
    return customer_id


def _erase(tenant: TenantKit, customer_id: UUID, **why: object) -> None:
    erasure = privacy.EraseCustomer(customer_id=customer_id, **why)
    send(erasure, tenant.ctx(Role.COMPLIANCE_OFFICER), tenant.services.app)


def test_the_texts_are_sealed_in_the_store_and_read_null_once_the_person_is_erased(
    tenant: TenantKit,
) -> None:
    source, reason = f"call with Thandi {uuid4().hex}", f"asked by Thandi {uuid4().hex}"
    customer_id = _customer(tenant, source)
    assert _history(tenant, customer_id)["Customer.ConsentRecorded"]["source"] == source
    _erase(tenant, customer_id, ground=ErasureGround.DATA_SUBJECT_REQUEST, reason=reason)
    staff_id = tenant.member(Role.TECHNICIAN)
    deactivated = f"dismissed after {uuid4().hex}"
    send(
        identity.DeactivateStaff(staff_id=staff_id, reason=deactivated),
        tenant.ctx(Role.ADMIN),
        tenant.services.app,
    )

    for topic, state in stored_states(tenant.services, customer_id, staff_id):
        assert holds_plaintext(state, source, reason, deactivated) == [], topic
    history = _history(tenant, customer_id)
    assert history["Customer.ConsentRecorded"]["source"] is None
    assert history["Customer.Registered"]["consent_source"] is None
    assert history["Customer.Erased"] == {"ground": "data_subject_request", "reason": None}
    assert source not in str(history) and reason not in str(history)
    assert _history(tenant, staff_id)["StaffUser.Deactivated"]["reason"] == deactivated


def test_an_erasure_given_only_a_reason_as_today_has_the_ground_other(
    tenant: TenantKit,
) -> None:
    customer_id = _customer(tenant, "registration desk")
    _erase(tenant, customer_id, reason="asked")
    assert _history(tenant, customer_id)["Customer.Erased"] == {"ground": "other", "reason": None}


def _old(services: Services, customer_id: UUID, version: int, **fields: object) -> StoredEvent:
    """A stored event as the first waves wrote it: the text in plaintext, no class_version."""
    stored = services.app.recorder.select_events(customer_id, gt=version - 1, lte=version)[0]
    state = json.loads(stored.state)
    state.pop("class_version", None)
    state.pop("ground", None)
    state.update(fields)
    return StoredEvent(customer_id, version, stored.topic, json.dumps(state).encode())


def test_older_events_with_the_texts_in_plaintext_still_read_and_say_nothing_after_erasure(
    tenant: TenantKit,
) -> None:
    services = tenant.services
    customer_id = _customer(tenant, "sealed source")
    old_consent = _old(services, customer_id, 2, source="call with Thandi, in the clear")
    live = services.app.mapper.to_domain_event(old_consent)
    assert isinstance(live, Customer.ConsentRecorded)
    assert live.source == "call with Thandi, in the clear"
    _erase(tenant, customer_id, ground=ErasureGround.RETENTION)
    old_erasure = _old(services, customer_id, 3, reason="retention policy, as of 2026-01-02")
    other_erasure = _old(services, customer_id, 3, reason="asked by Thandi on 0825551234")
    for old, ground in ((old_erasure, "retention"), (other_erasure, "other")):
        erased = services.app.mapper.to_domain_event(old)
        assert isinstance(erased, Customer.Erased)
        assert (erased.ground, erased.reason) == (ground, None)
    gone = services.app.mapper.to_domain_event(old_consent)
    assert isinstance(gone, Customer.ConsentRecorded) and gone.source is None
    assert gone.granted is True and gone.channel == ContactChannel.SMS.value
