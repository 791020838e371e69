"""What a customer's record holds besides names: its contact details, consents and devices."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

# The contact details: given at registration, corrected on request, gone at erasure.
CORRECTABLE = ("name", "surname", "phone", "email")


@dataclass(frozen=True)
class Consent:
    granted: bool
    source: str | None  # sealed under the customer's key: None once they are erased
    recorded_at: datetime


# What a device's registration (or its receipt from another record) carries; its installation
# is recorded by an event of its own.
REGISTERED = ("make", "model", "serial_number", "purchased_on", "warranty_until")


@dataclass(frozen=True)
class RegisteredDevice:
    make: str
    model: str
    serial_number: str
    purchased_on: date | None
    warranty_until: date | None
    installed_on: date | None = None  # Customer.DeviceInstallationRecorded
    installer: str | None = None  # the business that installed it (no one's personal name)


def registered(device: object) -> dict[str, Any]:
    """The fields of a device's registration, from a device or an event that registers one."""
    return {name: getattr(device, name) for name in REGISTERED}
