"""What a customer's record holds besides names: its contact details, consents and devices."""

from dataclasses import dataclass
from datetime import date, datetime

# The contact details: given at registration, corrected on request, gone at erasure.
CORRECTABLE = ("name", "surname", "phone", "email")


@dataclass(frozen=True)
class Consent:
    granted: bool
    source: str | None  # sealed under the customer's key: None once they are erased
    recorded_at: datetime


@dataclass(frozen=True)
class RegisteredDevice:
    make: str
    model: str
    serial_number: str
    purchased_on: date | None
    warranty_until: date | None
