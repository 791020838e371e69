"""A tenant: one business using Aftersales, with its staff."""

import re
from collections.abc import Mapping
from dataclasses import asdict
from types import MappingProxyType
from typing import TYPE_CHECKING
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.catalogue import CatalogueEntry, ReplacementWarranty, catalogue_key, checked_entry
from domain.errors import InvalidValue
from domain.message_templates import (
    FILLED_BY_SERVICE,
    MessageTemplate,
    Trigger,
    template_name,
)
from domain.money import MAX_RATE_POINTS, Billing, currency_code
from domain.privacy_notice import PrivacyNotice, checked
from domain.refusals import NotFound
from domain.shop import ShopDetails, hours_as_data, hours_from_data, opening_hours
from domain.tenant_policies import (
    DEFAULT_TARGET_HOURS,
    RetentionPolicy,
    checked_target_hours,
)
from domain.values import Priority

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
_TENANTS = uuid5(NAMESPACE_URL, "https://aftersales.co.za/tenants")


def tenant_slug(raw: str) -> str:
    slug = raw.strip().lower()
    if not _SLUG.fullmatch(slug):
        raise InvalidValue("slug", "1 to 40 lower-case letters, digits or inner hyphens")
    return slug


def tenant_id_for(slug: str) -> UUID:
    """Each slug names one tenant, so the slug fixes the tenant's id."""
    return uuid5(_TENANTS, tenant_slug(slug))


class Tenant(Aggregate):
    class Created(Aggregate.Created):
        name: str
        slug: str

        def apply(self, tenant: "Tenant") -> None:
            tenant.name = self.name
            tenant.slug = self.slug
            tenant.staff_ids = []
            tenant.retention = RetentionPolicy()
            tenant.target_hours = dict(DEFAULT_TARGET_HOURS)
            tenant.templates = {}
            tenant.automatic = {}
            tenant.billing = Billing()
            tenant.shop = ShopDetails()
            tenant.notices = ()

    class StaffEnrolled(Aggregate.Event):
        staff_id: UUID

        def apply(self, tenant: "Tenant") -> None:
            tenant.staff_ids.append(self.staff_id)

    class RetentionPolicySet(Aggregate.Event):
        customer_days: int | None
        ticket_text_days: int | None

        def apply(self, tenant: "Tenant") -> None:
            tenant.retention = RetentionPolicy(self.customer_days, self.ticket_text_days)

    class ServiceTargetsSet(Aggregate.Event):
        """The hours from opening by which a ticket of each priority should be resolved."""

        hours: dict[str, int]

        def apply(self, tenant: "Tenant") -> None:
            tenant.target_hours = {Priority(p): h for p, h in self.hours.items()}

    class MessageTemplateSet(Aggregate.Event):
        """A message template, new or changed (its name, text and the WhatsApp template)."""

        name: str
        text: str
        email_subject: str | None
        whatsapp_template: str | None
        whatsapp_language: str

        def apply(self, tenant: "Tenant") -> None:
            tenant.templates[self.name] = MessageTemplate(
                self.text, self.email_subject, self.whatsapp_template, self.whatsapp_language
            )

    class AutomaticMessagesSet(Aggregate.Event):
        """Which ticket events tell the customer, each with its template; others do not."""

        templates: dict[str, str]

        def apply(self, tenant: "Tenant") -> None:
            tenant.automatic = {Trigger(t): name for t, name in self.templates.items()}

    class BillingSet(Aggregate.Event):
        """The VAT rate (basis points: 1500 is 15.00%) and currency of the tenant's quotes."""

        vat_rate: int
        currency: str

        def apply(self, tenant: "Tenant") -> None:
            tenant.billing = Billing(self.vat_rate, self.currency)

    class ShopDetailsSet(Aggregate.Event):
        """The shop's contact (the business's own) and hours: the open weekdays' {opens, closes}."""

        phone: str | None
        email: str | None
        address: str | None
        hours: dict[str, dict[str, str]]

        def apply(self, tenant: "Tenant") -> None:
            hours = hours_from_data(self.hours)
            tenant.shop = ShopDetails(self.phone, self.email, self.address, hours)

    class PrivacyNoticePublished(Aggregate.Event):
        """A new version of the privacy notice (s18): versions are never changed, only added."""

        version: int
        notice: dict[str, str]  # each of NOTICE_FIELDS to its text

        def apply(self, tenant: "Tenant") -> None:
            notice = PrivacyNotice.of(self.version, self.timestamp, self.notice)
            tenant.notices = (*tenant.notices, notice)

    class SatisfactionQuestionSet(Aggregate.Event):
        """Whether a closed ticket's status page asks its customer to rate the repair."""

        asked: bool

        def apply(self, tenant: "Tenant") -> None:
            tenant.satisfaction_asked = self.asked

    class CatalogueEntrySet(Aggregate.Event):
        """A make and model in the product catalogue, new or changed: its warranty in months,
        the shop's default terms, and what a replacement under warranty carries."""

        make: str
        model: str
        warranty_months: int
        terms: str | None
        replacement_warranty: str

        def apply(self, tenant: "Tenant") -> None:
            entry = CatalogueEntry(
                self.make,
                self.model,
                self.warranty_months,
                self.terms,
                ReplacementWarranty(self.replacement_warranty),
            )
            tenant.catalogue = {**tenant.catalogue, catalogue_key(self.make, self.model): entry}

    class CatalogueEntryRemoved(Aggregate.Event):
        make: str
        model: str

        def apply(self, tenant: "Tenant") -> None:
            key = catalogue_key(self.make, self.model)
            tenant.catalogue = {k: e for k, e in tenant.catalogue.items() if k != key}

    if TYPE_CHECKING:
        name: str
        slug: str
        staff_ids: list[UUID]
        retention: RetentionPolicy
        target_hours: dict[Priority, int]
        templates: dict[str, MessageTemplate]
        automatic: dict[Trigger, str]
        billing: Billing
        shop: ShopDetails
        notices: tuple[PrivacyNotice, ...]
        satisfaction_asked: bool
        catalogue: dict[str, CatalogueEntry]
    else:
        satisfaction_asked = False  # tenants made before the question, and their snapshots
        catalogue = MappingProxyType({})  # tenants made before the catalogue, and snapshots

    @classmethod
    def create(cls, name: str, slug: str) -> "Tenant":
        if not name.strip():
            raise InvalidValue("name", "a tenant needs a name")
        slug = tenant_slug(slug)
        return cls._create(cls.Created, id=tenant_id_for(slug), name=name.strip(), slug=slug)

    @property
    def tenant_id(self) -> UUID:
        return self.id

    def enrol(self, staff_id: UUID) -> None:
        self.trigger_event(self.StaffEnrolled, staff_id=staff_id)

    def set_retention(self, policy: RetentionPolicy) -> None:
        if policy.checked() != self.retention:
            self.trigger_event(
                self.RetentionPolicySet,
                customer_days=policy.customer_days,
                ticket_text_days=policy.ticket_text_days,
            )

    def set_service_targets(self, hours: Mapping[Priority, int]) -> None:
        """Set the resolution target of every priority, in whole hours (1 up to a year)."""
        if checked_target_hours(hours) != self.target_hours:
            self.trigger_event(self.ServiceTargetsSet, hours={p.value: hours[p] for p in Priority})

    def set_template(self, name: str, template: MessageTemplate) -> None:
        name = template_name(name)
        if self.templates.get(name) != template:
            self.trigger_event(
                self.MessageTemplateSet,
                name=name,
                text=template.text,
                email_subject=template.email_subject,
                whatsapp_template=template.whatsapp_template,
                whatsapp_language=template.whatsapp_language,
            )

    def set_automatic_messages(self, templates: Mapping[Trigger, str]) -> None:
        """Turn automatic messages on for the triggers given (off for the others)."""
        for trigger, name in templates.items():
            if name not in self.templates:
                raise InvalidValue(trigger.value, f"no message template named {name!r}")
            if unfilled := set(self.templates[name].placeholders()) - FILLED_BY_SERVICE:
                raise InvalidValue(
                    trigger.value, f"{name!r} needs {sorted(unfilled)}: only staff can fill those"
                )
        if dict(templates) != self.automatic:
            chosen = {t.value: name for t, name in templates.items()}
            self.trigger_event(self.AutomaticMessagesSet, templates=chosen)

    def set_billing(self, billing: Billing) -> None:
        """Set the VAT rate (0 to 100%) and currency that new quotes are drafted in."""
        if not 0 <= billing.vat_rate <= MAX_RATE_POINTS:
            raise InvalidValue("vat_rate", "a percentage from 0 to 100")
        billing = Billing(billing.vat_rate, currency_code(billing.currency))
        if billing != self.billing:
            self.trigger_event(self.BillingSet, **asdict(billing))

    def ask_satisfaction(self, asked: bool) -> None:
        if asked != self.satisfaction_asked:
            self.trigger_event(self.SatisfactionQuestionSet, asked=asked)

    def set_shop_details(self, shop: ShopDetails) -> None:
        shop = ShopDetails(shop.phone, shop.email, shop.address, opening_hours(shop.hours))
        if shop != self.shop:
            contact = {"phone": shop.phone, "email": shop.email, "address": shop.address}
            self.trigger_event(self.ShopDetailsSet, **contact, hours=hours_as_data(shop.hours))

    def catalogue_entry(self, make: str, model: str) -> CatalogueEntry | None:
        return self.catalogue.get(catalogue_key(make, model))

    def set_catalogue_entry(self, entry: CatalogueEntry) -> None:
        """Add or change the make and model's entry (the case as given this time is kept)."""
        entry = checked_entry(entry)
        if self.catalogue_entry(entry.make, entry.model) != entry:
            data = asdict(entry) | {"replacement_warranty": entry.replacement_warranty.value}
            self.trigger_event(self.CatalogueEntrySet, **data)

    def remove_catalogue_entry(self, make: str, model: str) -> None:
        entry = self.catalogue_entry(make, model)
        if entry is None:
            raise CatalogueEntryNotFound(make, model)
        self.trigger_event(self.CatalogueEntryRemoved, make=entry.make, model=entry.model)

    def publish_notice(self, notice: Mapping[str, str]) -> int:
        """The next version of the privacy notice, with every s18 field; its number."""
        version = len(self.notices) + 1
        self.trigger_event(self.PrivacyNoticePublished, version=version, notice=checked(notice))
        return version


class CatalogueEntryNotFound(NotFound):
    def __init__(self, make: str, model: str) -> None:
        super().__init__("catalogue entry", f"{make} {model}")
