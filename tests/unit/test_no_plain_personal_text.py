"""No personal text outside a sealed field: every text field of every event class of the domain
is `Personal` (sealed under its data subject's key) or allowed here, each with its reason."""

import importlib
import pkgutil
import types
from typing import Any, ClassVar, Union, get_args, get_origin, get_type_hints

from eventsourcing.domain import Aggregate

import domain
from domain.event_fields import BOOKKEEPING
from domain.personal import Personal, personal_fields

# Text fields that hold no person's information: each with why.
ALLOWED: dict[str, str] = {
    "Conversation.Started.channel": "a channel, one of an enum",
    "Customer.ConsentRecorded.channel": "a channel, one of an enum",
    "Customer.DetailsCorrected.corrected": "names of the corrected fields",
    "Customer.DeviceInstallationRecorded.installer": "the business that installed a device",
    "Customer.DeviceInstallationRecorded.serial_number": "a device's serial, as registered",
    "Customer.DeviceRegistered.make": "a device's make",
    "Customer.DeviceRegistered.model": "a device's model",
    "Customer.DeviceRegistered.serial_number": "a device's serial: kept for its repair history",
    "Customer.DeviceReceived.make": "a device's make",
    "Customer.DeviceReceived.model": "a device's model",
    "Customer.DeviceReceived.serial_number": "a device's serial: kept for its repair history",
    "Customer.DeviceTransferred.serial_number": "a device's serial: kept for its repair history",
    "Customer.Erased.ground": "why an erasure was made, one of an enum (ErasureGround)",
    "Customer.PrivacyNoticeGiven.how": "how the notice was given, one of an enum",
    "Customer.Registered.consents": "channels (an enum) to granted or not",
    "CustomerAccessLog.DetailsAccessed.purpose": "a purpose, one of an enum",
    "IdentityCheck.ExportDownloadRefused.why": "the service's own words: no link, or wrong",
    "IdentityCheck.ExportLinkSent.link_digest": "a keyed digest of the link, never the link",
    "IdentityCheck.VerificationCodeSent.channel": "a channel, one of an enum",
    "IdentityCheck.VerificationCodeSent.code_digest": "a keyed digest of the code, never it",
    "ListingAccess.Recorded.listing": "the list shown, one of an enum (Listing)",
    "Message.Failed.code": "a provider's or the service's error code",
    "Message.Queued.channel": "a channel, one of an enum",
    "Message.Queued.language": "a template's language code",
    "Message.Queued.purpose": "a purpose, one of an enum",
    "Message.Queued.template": "the name of a tenant's template",
    "Message.Received.channel": "a channel, one of an enum",
    "Message.Received.provider_id": "the provider's id of the message",
    "Message.Sent.provider_id": "the provider's id of the message",
    "PrivacyRequest.Received.kind": "a kind of request, one of an enum",
    "PrivacyRequest.Received.reference": "the reference the service gave the request",
    "PrivacyRequest.Verified.by": "how the requester proved who they are, of an enum",
    "PrivacyRequest.Resolved.outcome": "an outcome, one of an enum",
    "StaffUser.LoginFailed.reason": "the service's own words: wrong password, or deactivated",
    "StaffUser.Registered.roles": "roles, of an enum",
    "StaffUser.RolesChanged.roles": "roles, of an enum",
    "Tenant.AutomaticMessagesSet.templates": "ticket events to the names of templates",
    "Tenant.BillingSet.currency": "an ISO 4217 currency code",
    "Tenant.Created.name": "the business's name",
    "Tenant.PrivacyNoticePublished.notice": "the business's own notice to the public (s18)",
    "Tenant.CatalogueEntryRemoved.make": "a product's make in the shop's catalogue",
    "Tenant.CatalogueEntryRemoved.model": "a product's model in the shop's catalogue",
    "Tenant.CatalogueEntrySet.make": "a product's make in the shop's catalogue",
    "Tenant.CatalogueEntrySet.model": "a product's model in the shop's catalogue",
    "Tenant.CatalogueEntrySet.replacement_warranty": "one of an enum",
    "Tenant.CatalogueEntrySet.terms": "the shop's own warranty terms for a product",
    "Tenant.Created.slug": "the business's slug in public paths",
    "Tenant.MessageTemplateSet.email_subject": "the tenant's template text, with placeholders",
    "Tenant.MessageTemplateSet.name": "the name of a tenant's template",
    "Tenant.MessageTemplateSet.text": "the tenant's template text, with placeholders",
    "Tenant.MessageTemplateSet.whatsapp_language": "a template's language code",
    "Tenant.MessageTemplateSet.whatsapp_template": "the name of a template at WhatsApp",
    "Tenant.ServiceTargetsSet.hours": "priorities (an enum) to hours",
    "Tenant.ShopDetailsSet.address": "the business's own address, shown to its customers",
    "Tenant.ShopDetailsSet.email": "the business's own email, shown to its customers",
    "Tenant.ShopDetailsSet.hours": "weekdays (an enum) to opening and closing times",
    "Tenant.ShopDetailsSet.phone": "the business's own phone, shown to its customers",
    "Ticket.Closed.resolution": "a resolution, one of an enum",
    "Ticket.DetailsCorrected.corrected": "the names of the details corrected",
    "Ticket.DetailsCorrected.make": "a device's make",
    "Ticket.DetailsCorrected.model": "a device's model",
    "Ticket.DetailsCorrected.priority": "a priority, one of an enum",
    "Ticket.DetailsCorrected.serial_number": "a device's serial: kept for its repair history",
    "Ticket.Deidentified.reason": "the retention run's own words (no staff role may send it)",
    "Ticket.Opened.channel": "an intake channel, one of an enum",
    "Ticket.Opened.make": "a device's make",
    "Ticket.Opened.model": "a device's model",
    "Ticket.Opened.number": "the ticket's number in its tenant (T-000001)",
    "Ticket.Opened.priority": "a priority, one of an enum",
    "Ticket.Opened.serial_number": "a device's serial: kept for its repair history",
    "Ticket.QuoteApproved.channel": "a decision's channel, one of an enum",
    "Ticket.QuoteApproved.source_hash": "a keyed hash (HMAC) of the source address, never it",
    "Ticket.QuoteDeclined.channel": "a decision's channel, one of an enum",
    "Ticket.QuoteDeclined.source_hash": "a keyed hash (HMAC) of the source address, never it",
    "Ticket.QuoteDrafted.currency": "an ISO 4217 currency code",
    "Ticket.QuoteDrafted.lines": "the shop's parts and labour (of an enum) and their prices",
    "Ticket.QuoteSent.channel": "a channel, one of an enum",
    "Ticket.PartOrdered.part_number": "a part's number",
    "Ticket.PartOrdered.description": "the part's name in the supplier's catalogue",
    "Ticket.PartOrdered.serial": "the part's own serial",
    "Ticket.PartOrdered.supplier": "the business the part is ordered from",
    "Ticket.PartOrdered.tracking": "the supplier's or courier's tracking reference",
    "Ticket.RepairRecorded.kind": "a kind of repair, one of an enum",
    "Ticket.RepairRecorded.part_number": "a part's number",
    "Ticket.RepairRecorded.replacement_serial": "a replacement device's serial",
    "Ticket.StatusChanged.status": "a status, one of an enum",
    "TicketRegister.NumberIssued.number": "a ticket's number in its tenant",
}


def domain_events() -> set[type]:
    """Every event class the domain's modules define."""
    for module in pkgutil.iter_modules(domain.__path__):
        importlib.import_module(f"{domain.__name__}.{module.name}")
    found: set[type] = set()
    unseen: list[type] = [Aggregate.Event]
    while unseen:
        sub: type
        for sub in unseen.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                unseen.append(sub)
    return {event for event in found if event.__module__.startswith(f"{domain.__name__}.")}


def holds_text(hint: Any) -> bool:
    """A type that is, or contains, str (`str | None`, `list[str]`, `dict[str, bool]`, ...)."""
    if hint is str:
        return True
    if get_origin(hint) in (Union, types.UnionType, list, dict, set, frozenset, tuple):
        return any(holds_text(arg) for arg in get_args(hint))
    return get_origin(hint) is not None and holds_text(get_args(hint)[0])  # Annotated


def plain_text_fields(events: set[type]) -> set[str]:
    """`Aggregate.Event.field` for each text field of the events that is not sealed."""
    plain = set()
    for event in events:
        personal = personal_fields(event)
        for name, hint in get_type_hints(event, include_extras=True).items():
            if name in BOOKKEEPING | personal or get_origin(hint) is ClassVar:
                continue
            if holds_text(hint):
                plain.add(f"{event.__qualname__}.{name}")
    return plain


def test_every_text_field_of_an_event_is_sealed_or_allowed_with_a_reason() -> None:
    unsealed = plain_text_fields(domain_events()) - set(ALLOWED)
    assert unsealed == set(), "make these Personal, or allow them here with a reason"


def test_the_allowed_fields_still_exist_and_say_why() -> None:
    assert set(ALLOWED) <= plain_text_fields(domain_events()), "drop allowances left behind"
    assert all(reason.strip() for reason in ALLOWED.values())


def test_the_texts_that_named_people_are_sealed() -> None:
    from domain.customer import Customer
    from domain.staff import StaffUser

    assert "reason" in personal_fields(Customer.Erased)
    assert "source" in personal_fields(Customer.ConsentRecorded)
    assert "consent_source" in personal_fields(Customer.Registered)
    assert "reason" in personal_fields(StaffUser.Deactivated)


class Workshop(Aggregate):
    """An aggregate as a change might add it: a plain text field in a new event."""

    class Noted(Aggregate.Event):
        remark: str
        remarks: list[str] | None
        sealed: Personal
        count: int


def test_a_new_plain_text_field_is_caught_and_a_sealed_one_is_not() -> None:
    assert plain_text_fields({Workshop.Noted}) == {
        "Workshop.Noted.remark",
        "Workshop.Noted.remarks",
    }
    assert {Workshop.Noted, Workshop.Event, Workshop.Created}.isdisjoint(domain_events())
