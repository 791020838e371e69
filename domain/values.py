"""Value objects: contact details in canonical form, and the business's fixed vocabularies."""

import re
from enum import StrEnum

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from domain.errors import InvalidValue

DEFAULT_REGION = "ZA"
_SERIAL = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{1,63}$")


def phone_number(raw: str, region: str = DEFAULT_REGION) -> str:
    """A phone number in E.164; South African numbers may be given in local form (082 ...)."""
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as e:
        raise InvalidValue("phone", f"not a phone number: {e}") from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidValue("phone", "not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def email_address(raw: str) -> str:
    """An email address with its domain in canonical (lower-case, IDNA) form."""
    try:
        return validate_email(raw, check_deliverability=False).normalized
    except EmailNotValidError as e:
        raise InvalidValue("email", str(e)) from None


def serial_number(raw: str) -> str:
    """A device serial number: trimmed, upper case, letters, digits and . _ / -."""
    serial = raw.strip().upper()
    if not _SERIAL.fullmatch(serial):
        raise InvalidValue(
            "serial_number", "2 to 64 letters, digits or . _ / -, starting with a letter or digit"
        )
    return serial


class Role(StrEnum):
    ADMIN = "admin"
    AGENT = "agent"
    TECHNICIAN = "technician"
    AUDITOR = "auditor"
    COMPLIANCE_OFFICER = "compliance_officer"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class IntakeChannel(StrEnum):
    """How a ticket came in."""

    WALK_IN = "walk_in"
    PHONE = "phone"
    WHATSAPP = "whatsapp"
    SMS = "sms"
    EMAIL = "email"
    WEB = "web"


class ContactChannel(StrEnum):
    """How a customer may be told about their repair."""

    WHATSAPP = "whatsapp"
    SMS = "sms"
    EMAIL = "email"


class RepairKind(StrEnum):
    DIAGNOSIS = "diagnosis"
    PART_REPLACED = "part_replaced"
    REPAIR = "repair"
    TEST = "test"


class Resolution(StrEnum):
    REPAIRED = "repaired"
    REPLACED = "replaced"
    NO_FAULT_FOUND = "no_fault_found"
    DECLINED = "declined"
    BEYOND_ECONOMIC_REPAIR = "beyond_economic_repair"
