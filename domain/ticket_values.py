"""What a ticket holds: the device it is about, the repairs recorded on it, and its notes."""

from dataclasses import asdict, dataclass, replace
from datetime import datetime

from domain.customer_values import RegisteredDevice
from domain.errors import DomainError, InvalidValue
from domain.values import IntakeChannel, Priority, RepairKind, serial_number


@dataclass(frozen=True)
class Device:
    make: str
    model: str
    serial_number: str


@dataclass(frozen=True)
class Repair:
    kind: RepairKind
    description: str | None
    part_number: str | None
    replacement_serial: str | None
    recorded_at: datetime


@dataclass(frozen=True)
class Note:
    body: str | None
    added_at: datetime


def intake(device: Device, priority: Priority, channel: IntakeChannel) -> dict[str, str]:
    """The device (its serial number checked), priority and channel of a ticket to open."""
    checked = replace(device, serial_number=serial_number(device.serial_number))
    chosen = {"priority": Priority(priority).value, "channel": IntakeChannel(channel).value}
    return asdict(checked) | chosen


def intake_device(
    make: str | None, model: str | None, serial: str, known: RegisteredDevice | None
) -> Device:
    """The device a ticket is opened for: what the desk gave, the rest taken from the device of
    that serial on the customer's record; a device not on it needs its make and model."""
    make = make or (known.make if known else None)
    model = model or (known.model if known else None)
    for field, value in (("make", make), ("model", model)):
        if value is None:
            raise InvalidValue(
                f"device.{field}", "needed for a device not on the customer's record"
            )
    return Device(str(make), str(model), serial)


def repair_part(
    kind: RepairKind, part_number: str | None, replacement_serial: str | None
) -> dict[str, str | None]:
    """The kind of a repair and the part it put in, checked: a replaced part names itself by
    its part number or its serial."""
    if kind is RepairKind.PART_REPLACED and not (part_number or replacement_serial):
        raise MissingPart("a replaced part needs its part number or replacement serial")
    replacement_serial = serial_number(replacement_serial) if replacement_serial else None
    part = {"part_number": part_number, "replacement_serial": replacement_serial}
    return {"kind": RepairKind(kind).value} | part


class MissingPart(DomainError):
    code = "part_required"


@dataclass(frozen=True)
class Satisfaction:
    """The customer's rating of a closed repair (1 to 5) and their comment, if any."""

    rating: int
    comment: str | None
    at: datetime
