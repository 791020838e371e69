"""The rules of a customer's record. Each turns what is asked into the checked fields of the
event that records it: contact details that reach the customer, consents that need them,
corrections that keep them, and each device registered once."""

from collections.abc import Mapping, Sequence
from typing import Any

from domain.customer_values import CORRECTABLE, RegisteredDevice, registered
from domain.errors import DomainError, InvalidValue
from domain.values import ContactChannel, email_address, phone_number, serial_number


def registration(
    phone: str | None, email: str | None, consents: Mapping[ContactChannel, bool]
) -> dict[str, Any]:
    """The phone number (E.164), email address and consents by channel of a new customer:
    one of phone and email is given, and each consent granted reaches the customer."""
    phone = phone_number(phone) if phone else None
    email = email_address(email) if email else None
    _check_contactable(phone, email)
    granted = {ContactChannel(c).value: bool(g) for c, g in consents.items()}
    for channel, given in granted.items():
        check_reachable(ContactChannel(channel), given, phone, email)
    return {"phone": phone, "email": email, "consents": granted}


def check_reachable(
    channel: ContactChannel, granted: bool, phone: str | None, email: str | None
) -> None:
    if not granted:
        return
    needs_phone = channel in (ContactChannel.WHATSAPP, ContactChannel.SMS)
    if (needs_phone and not phone) or (channel is ContactChannel.EMAIL and not email):
        needed = "phone number" if needs_phone else "email address"
        raise InvalidValue(f"consents.{channel.value}", f"{channel} consent needs a {needed}")


def correction(
    current: Mapping[str, str | None], changes: Mapping[str, str | None]
) -> dict[str, Any]:
    """The details the changes correct (`corrected`, in the order of CORRECTABLE) and their
    new values (the others None); nothing when nothing changes. A name stays, and a phone
    number or an email address remains."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise InvalidValue(sorted(unknown)[0], "not a correctable detail")
    changes = dict(changes)
    if phone := changes.get("phone"):
        changes["phone"] = phone_number(phone)
    if email := changes.get("email"):
        changes["email"] = email_address(email)
    for required in ("name", "surname"):
        if required in changes and not changes[required]:
            raise InvalidValue(required, f"{required} cannot be removed")
    after = {field: changes.get(field, current[field]) for field in CORRECTABLE}
    _check_contactable(after["phone"], after["email"])
    corrected = [f for f in CORRECTABLE if f in changes and changes[f] != current[f]]
    if not corrected:
        return {}
    return {"corrected": corrected} | {f: after[f] if f in corrected else None for f in CORRECTABLE}


def new_device(devices: Sequence[RegisteredDevice], device: RegisteredDevice) -> dict[str, Any]:
    """The device to register, with its serial number checked: not on the record yet, and not
    under a warranty that ends before its purchase."""
    serial = serial_number(device.serial_number)
    if any(d.serial_number == serial for d in devices):
        raise DeviceAlreadyRegistered(f"device {serial} is already on this customer's record")
    bought, warranty_until = device.purchased_on, device.warranty_until
    if bought and warranty_until and warranty_until < bought:
        raise InvalidValue("warranty_until", "the warranty cannot end before the purchase")
    return registered(device) | {"serial_number": serial}


def on_record(devices: Sequence[RegisteredDevice], serial: str) -> RegisteredDevice | None:
    """The device of that serial number on a customer's record, if it is there."""
    wanted = serial_number(serial)
    return next((d for d in devices if d.serial_number == wanted), None)


def _check_contactable(phone: str | None, email: str | None) -> None:
    if not (phone or email):
        raise InvalidValue("phone", "a customer needs a phone number or an email address")


class DeviceAlreadyRegistered(DomainError):
    code = "device_already_registered"


def transferred(
    devices: Sequence[RegisteredDevice], serial: str, to: Sequence[RegisteredDevice]
) -> RegisteredDevice:
    """The device of that serial, to move from one record (`devices`) to another's (`to`)."""
    device = on_record(devices, serial)
    if device is None:
        raise InvalidValue("serial_number", f"device {serial_number(serial)} is not on this record")
    new_device(to, device)
    return device
