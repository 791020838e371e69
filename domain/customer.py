"""The customer: a data subject with contact details, consents per channel, and devices."""

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, ClassVar
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.customer_rules import (
    check_reachable,
    correction,
    new_device,
    registration,
    transferred,
)
from domain.customer_values import CORRECTABLE, Consent, RegisteredDevice, registered
from domain.erasure import ErasureGround, erasure_v1_to_v2
from domain.errors import CustomerMerged, InvalidValue, LegalHoldInForce, PersonalDataErased
from domain.personal import Personal
from domain.privacy_notice import GivenNotice, NoticeGiven
from domain.values import ContactChannel, serial_number


class Customer(Aggregate):
    class Registered(Aggregate.Created):
        tenant_id: UUID
        name: Personal
        surname: Personal
        phone: Personal
        email: Personal
        consents: dict[str, bool]
        consent_source: Personal

        def apply(self, customer: "Customer") -> None:
            customer.tenant_id = self.tenant_id
            for field in CORRECTABLE:
                setattr(customer, field, getattr(self, field))
            customer.consents = {
                ContactChannel(channel): Consent(granted, self.consent_source, self.timestamp)
                for channel, granted in self.consents.items()
            }
            customer.devices = []
            customer.restricted = customer.erased = customer.legal_hold = False
            customer.merged_into = None
            customer.merged = []
            customer.notices_given = []

    class DetailsCorrected(Aggregate.Event):
        corrected: list[str]
        name: Personal
        surname: Personal
        phone: Personal
        email: Personal

        def apply(self, customer: "Customer") -> None:
            for field in self.corrected:
                setattr(customer, field, getattr(self, field))

    class DeviceRegistered(Aggregate.Event):
        make: str
        model: str
        serial_number: str
        purchased_on: date | None
        warranty_until: date | None

        def apply(self, customer: "Customer") -> None:
            customer.devices.append(RegisteredDevice(**registered(self)))

    class DeviceInstallationRecorded(Aggregate.Event):
        """When the device on the record was installed, and by which business (an installer is
        a company, not a person): its warranty counts from that day rather than its sale."""

        serial_number: str
        installed_on: date | None
        installer: str | None

        def apply(self, customer: "Customer") -> None:
            customer.devices = [
                replace(d, installed_on=self.installed_on, installer=self.installer)
                if d.serial_number == self.serial_number
                else d
                for d in customer.devices
            ]

    class DeviceTransferred(Aggregate.Event):
        """The device left this record for a new owner's (a sold house with its inverter); its
        tickets and repairs stay in its history, by serial."""

        serial_number: str
        to_customer_id: UUID

        def apply(self, customer: "Customer") -> None:
            kept = [d for d in customer.devices if d.serial_number != self.serial_number]
            customer.devices = kept

    class DeviceReceived(DeviceRegistered):
        """A device came onto this record from its former owner's."""

        from_customer_id: UUID

    class DuplicateMerged(Aggregate.Event):
        """Another record of the same person was merged into this one: its devices came here,
        its tickets show here, and this customer's erasure erases it too."""

        duplicate_id: UUID

        def apply(self, customer: "Customer") -> None:
            customer.merged.append(self.duplicate_id)

    class MergedInto(Aggregate.Event):
        """This record was a duplicate: kept as it was, read-only, pointing to the survivor."""

        survivor_id: UUID

        def apply(self, customer: "Customer") -> None:
            customer.merged_into = self.survivor_id

    class ConsentRecorded(Aggregate.Event):
        channel: str
        granted: bool
        source: Personal

        def apply(self, customer: "Customer") -> None:
            channel = ContactChannel(self.channel)
            customer.consents[channel] = Consent(self.granted, self.source, self.timestamp)

    class ObjectionRecorded(Aggregate.Event):
        reason: Personal

        def apply(self, customer: "Customer") -> None:
            customer.restricted = True

    class LegalHoldPlaced(Aggregate.Event):
        """Erasure and retention leave the customer alone until the hold is lifted."""

        sensitive: ClassVar[bool] = True
        reason: Personal

        def apply(self, customer: "Customer") -> None:
            customer.legal_hold = True

    class LegalHoldLifted(Aggregate.Event):
        sensitive: ClassVar[bool] = True
        reason: Personal

        def apply(self, customer: "Customer") -> None:
            customer.legal_hold = False

    class PrivacyNoticeGiven(Aggregate.Event):
        """The customer was given the tenant's privacy notice of that version (s18)."""

        version: int
        how: str

        def apply(self, customer: "Customer") -> None:
            given = GivenNotice(self.version, NoticeGiven(self.how), self.timestamp)
            customer.notices_given = [*customer.notices_given, given]

    class Erased(Aggregate.Event):
        """The person's key is destroyed: their personal fields read None, this reason too."""

        sensitive: ClassVar[bool] = True
        class_version = 2
        upcast_v1_v2 = staticmethod(erasure_v1_to_v2)
        ground: str
        reason: Personal

        def apply(self, customer: "Customer") -> None:
            for field in CORRECTABLE:
                setattr(customer, field, None)
            customer.erased = True

    if TYPE_CHECKING:
        tenant_id: UUID
        name: str | None
        surname: str | None
        phone: str | None
        email: str | None
        consents: dict[ContactChannel, Consent]
        devices: list[RegisteredDevice]
        restricted: bool
        erased: bool
        legal_hold: bool
        merged_into: UUID | None
        merged: list[UUID]
        notices_given: list[GivenNotice]

    @classmethod
    def register(
        cls,
        *,
        tenant_id: UUID,
        name: str,
        surname: str,
        phone: str | None,
        email: str | None,
        consents: dict[ContactChannel, bool],
        consent_source: str,
    ) -> "Customer":
        contact = registration(phone, email, consents)
        return cls._create(
            cls.Registered,
            id=uuid4(),
            tenant_id=tenant_id,
            name=name,
            surname=surname,
            **contact,
            consent_source=consent_source,
        )

    @property
    def data_subject_id(self) -> UUID:
        return self.id

    def correct(self, **changes: str | None) -> None:
        """Correct any of name, surname, phone, email; fields not given stay as they are."""
        self.check_writable()
        if corrected := correction({f: getattr(self, f) for f in CORRECTABLE}, changes):
            self.trigger_event(self.DetailsCorrected, **corrected)

    def register_device(
        self,
        make: str,
        model: str,
        serial: str,
        purchased_on: date | None = None,
        warranty_until: date | None = None,
        installed_on: date | None = None,
        installer: str | None = None,
    ) -> None:
        self.check_writable()
        device = RegisteredDevice(make, model, serial, purchased_on, warranty_until)
        checked = new_device(self.devices, device)
        self.trigger_event(self.DeviceRegistered, **checked)
        self._record_installation(checked["serial_number"], installed_on, installer)

    def _record_installation(
        self, serial: str, installed_on: date | None, installer: str | None
    ) -> None:
        if installed_on is not None or installer is not None:
            self.trigger_event(
                self.DeviceInstallationRecorded,
                serial_number=serial,
                installed_on=installed_on,
                installer=installer,
            )

    def transfer_device(self, serial: str, owner: "Customer") -> None:
        """Move the device to another customer's record, as both records' events."""
        self.check_writable()
        owner.check_writable()
        if owner.id == self.id:
            raise InvalidValue("to_customer_id", "the device is already on this customer's record")
        device = transferred(self.devices, serial, owner.devices)
        self.trigger_event(
            self.DeviceTransferred, serial_number=device.serial_number, to_customer_id=owner.id
        )
        owner.trigger_event(owner.DeviceReceived, **registered(device), from_customer_id=self.id)
        owner._record_installation(device.serial_number, device.installed_on, device.installer)

    def merge(self, duplicate: "Customer") -> None:
        """Take in a duplicate record of this person: its devices move here (one already here
        just leaves it), and it is kept read-only, pointing here."""
        if duplicate.id == self.id:
            raise InvalidValue("duplicate_id", "a customer cannot be merged into itself")
        self.check_writable()
        duplicate.check_writable()
        if duplicate.legal_hold:
            raise LegalHoldInForce("the duplicate is under a legal hold: lift it before merging")
        for device in list(duplicate.devices):
            if self.has_device(device.serial_number):
                duplicate.trigger_event(
                    duplicate.DeviceTransferred,
                    serial_number=device.serial_number,
                    to_customer_id=self.id,
                )
            else:
                duplicate.transfer_device(device.serial_number, self)
        duplicate.trigger_event(duplicate.MergedInto, survivor_id=self.id)
        self.trigger_event(self.DuplicateMerged, duplicate_id=duplicate.id)

    def has_device(self, serial: str) -> bool:
        return any(d.serial_number == serial_number(serial) for d in self.devices)

    def record_consent(self, channel: ContactChannel, granted: bool, source: str) -> None:
        self.check_writable()
        check_reachable(channel, granted, self.phone, self.email)
        current = self.consents.get(channel)
        if current is None or current.granted != granted or current.source != source:
            self.trigger_event(
                self.ConsentRecorded, channel=channel.value, granted=granted, source=source
            )

    def has_consent(self, channel: ContactChannel) -> bool:
        return bool((consent := self.consents.get(channel)) and consent.granted)

    def erase(self, ground: ErasureGround, reason: str | None = None) -> None:
        """Record the erasure (once); destroying the key is the persistence's part. A merged
        duplicate is erased with its survivor (see `merged`), not alone."""
        if self.legal_hold and not self.erased:
            raise LegalHoldInForce("the customer is under a legal hold: lift it before erasure")
        if not self.erased:
            self.trigger_event(self.Erased, ground=ground.value, reason=reason)

    def record_objection(self, reason: str) -> None:
        """Record an objection to processing: from now on, no messages."""
        self.check_writable()
        if not self.restricted:
            self.trigger_event(self.ObjectionRecorded, reason=reason)

    def hold(self, held: bool, reason: str) -> None:
        """Place or lift a legal hold (a change only when it changes something)."""
        self.check_writable()
        if held != self.legal_hold:
            event = self.LegalHoldPlaced if held else self.LegalHoldLifted
            self.trigger_event(event, reason=reason)

    def give_notice(self, version: int, how: NoticeGiven) -> None:
        self.check_writable()
        self.trigger_event(self.PrivacyNoticeGiven, version=version, how=NoticeGiven(how).value)

    def check_writable(self) -> None:
        """Nothing new is recorded about an erased customer, nor on a merged duplicate."""
        if self.erased:
            raise PersonalDataErased("the customer is erased")
        if self.merged_into is not None:
            raise CustomerMerged(f"the customer was merged into {self.merged_into}")
