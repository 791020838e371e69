"""The customer: a data subject with contact details, consents per channel, and devices."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.errors import DomainError, InvalidValue, LegalHoldInForce, PersonalDataErased
from domain.personal import Personal
from domain.values import ContactChannel, email_address, phone_number, serial_number

CORRECTABLE = ("name", "surname", "phone", "email")


@dataclass(frozen=True)
class Consent:
    granted: bool
    source: str
    recorded_at: datetime


@dataclass(frozen=True)
class RegisteredDevice:
    make: str
    model: str
    serial_number: str
    purchased_on: date | None
    warranty_until: date | None


class Customer(Aggregate):
    class Registered(Aggregate.Created):
        tenant_id: UUID
        name: Personal
        surname: Personal
        phone: Personal
        email: Personal
        consents: dict[str, bool]
        consent_source: str

        def apply(self, customer: "Customer") -> None:
            customer.tenant_id = self.tenant_id
            customer.name = self.name
            customer.surname = self.surname
            customer.phone = self.phone
            customer.email = self.email
            customer.consents = {
                ContactChannel(channel): Consent(granted, self.consent_source, self.timestamp)
                for channel, granted in self.consents.items()
            }
            customer.devices = []
            customer.restricted = False
            customer.erased = False
            customer.legal_hold = False

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
            customer.devices.append(
                RegisteredDevice(
                    self.make,
                    self.model,
                    self.serial_number,
                    self.purchased_on,
                    self.warranty_until,
                )
            )

    class ConsentRecorded(Aggregate.Event):
        channel: str
        granted: bool
        source: str

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

    class Erased(Aggregate.Event):
        """The person's key is destroyed: every personal field of theirs reads None from now."""

        sensitive: ClassVar[bool] = True

        reason: str

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
        phone = phone_number(phone) if phone else None
        email = email_address(email) if email else None
        if not (phone or email):
            raise InvalidValue("phone", "a customer needs a phone number or an email address")
        granted = {ContactChannel(c).value: bool(g) for c, g in consents.items()}
        for channel, given in granted.items():
            _check_reachable(ContactChannel(channel), given, phone, email)
        return cls._create(
            cls.Registered,
            id=uuid4(),
            tenant_id=tenant_id,
            name=name,
            surname=surname,
            phone=phone,
            email=email,
            consents=granted,
            consent_source=consent_source,
        )

    @property
    def data_subject_id(self) -> UUID:
        return self.id

    def correct(self, **changes: str | None) -> None:
        """Correct any of name, surname, phone, email; fields not given stay as they are."""
        self._refuse_when_erased()
        unknown = set(changes) - set(CORRECTABLE)
        if unknown:
            raise InvalidValue(sorted(unknown)[0], "not a correctable detail")
        if "phone" in changes and changes["phone"]:
            changes["phone"] = phone_number(changes["phone"])
        if "email" in changes and changes["email"]:
            changes["email"] = email_address(changes["email"])
        for required in ("name", "surname"):
            if required in changes and not changes[required]:
                raise InvalidValue(required, f"{required} cannot be removed")
        after = {field: changes.get(field, getattr(self, field)) for field in CORRECTABLE}
        if not (after["phone"] or after["email"]):
            raise InvalidValue("phone", "a customer needs a phone number or an email address")
        corrected = [f for f in CORRECTABLE if f in changes and changes[f] != getattr(self, f)]
        if corrected:
            values = {f: (after[f] if f in corrected else None) for f in CORRECTABLE}
            self.trigger_event(self.DetailsCorrected, corrected=corrected, **values)

    def register_device(
        self,
        make: str,
        model: str,
        serial: str,
        purchased_on: date | None = None,
        warranty_until: date | None = None,
    ) -> None:
        self._refuse_when_erased()
        serial = serial_number(serial)
        if any(d.serial_number == serial for d in self.devices):
            raise DeviceAlreadyRegistered(f"device {serial} is already on this customer's record")
        if purchased_on and warranty_until and warranty_until < purchased_on:
            raise InvalidValue("warranty_until", "the warranty cannot end before the purchase")
        self.trigger_event(
            self.DeviceRegistered,
            make=make,
            model=model,
            serial_number=serial,
            purchased_on=purchased_on,
            warranty_until=warranty_until,
        )

    def has_device(self, serial: str) -> bool:
        return any(d.serial_number == serial_number(serial) for d in self.devices)

    def record_consent(self, channel: ContactChannel, granted: bool, source: str) -> None:
        self._refuse_when_erased()
        _check_reachable(channel, granted, self.phone, self.email)
        current = self.consents.get(channel)
        if current is None or current.granted != granted or current.source != source:
            self.trigger_event(
                self.ConsentRecorded, channel=channel.value, granted=granted, source=source
            )

    def has_consent(self, channel: ContactChannel) -> bool:
        consent = self.consents.get(channel)
        return bool(consent and consent.granted)

    def erase(self, reason: str) -> None:
        """Record the erasure (once); destroying the key is the persistence's part."""
        if self.erased:
            return
        if self.legal_hold:
            raise LegalHoldInForce("the customer is under a legal hold: lift it before erasure")
        self.trigger_event(self.Erased, reason=reason)

    def record_objection(self, reason: str) -> None:
        """Record an objection to processing: from now on, no messages."""
        self._refuse_when_erased()
        if not self.restricted:
            self.trigger_event(self.ObjectionRecorded, reason=reason)

    def hold(self, held: bool, reason: str) -> None:
        """Place or lift a legal hold (a change only when it changes something)."""
        self._refuse_when_erased()
        if held and not self.legal_hold:
            self.trigger_event(self.LegalHoldPlaced, reason=reason)
        elif not held and self.legal_hold:
            self.trigger_event(self.LegalHoldLifted, reason=reason)

    def _refuse_when_erased(self) -> None:
        if self.erased:
            raise PersonalDataErased("the customer is erased")


def _check_reachable(
    channel: ContactChannel, granted: bool, phone: str | None, email: str | None
) -> None:
    if not granted:
        return
    needs_phone = channel in (ContactChannel.WHATSAPP, ContactChannel.SMS)
    if (needs_phone and not phone) or (channel is ContactChannel.EMAIL and not email):
        needed = "phone number" if needs_phone else "email address"
        raise InvalidValue(f"consents.{channel.value}", f"{channel} consent needs a {needed}")


class DeviceAlreadyRegistered(DomainError):
    code = "device_already_registered"
