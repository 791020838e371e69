"""A tenant's privacy notice under POPIA section 18(1)(a)-(h): what the customer is told when
their information is collected. Published as numbered versions that never change; a customer's
record says which version they were given, when and how."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.errors import InvalidValue


class Supply(StrEnum):
    """Whether the customer must supply the information, s18(1)(d)."""

    VOLUNTARY = "voluntary"
    MANDATORY = "mandatory"


class NoticeGiven(StrEnum):
    """How a customer was given a notice: shown at the desk, or on the status page."""

    DESK = "desk"
    STATUS_PAGE = "status_page"


# The notice's fields, each required, in the order of s18(1).
NOTICE_FIELDS = (
    "collected",  # (a) what is collected, and from where when not from the customer
    "purpose",  # (b) why
    "responsible_party",  # (c) the business's name
    "responsible_party_address",  # (c) and its address
    "supply",  # (d) voluntary or mandatory
    "consequences",  # (e) of not supplying it
    "law",  # (f) the law the collection is authorised or required under
    "transfers",  # (g) to another country or an international organisation (Meta's WhatsApp)
    "rights",  # (h) access, correction, objection, and to complain to the Information Regulator
    "regulator_contact",  # (h) the Information Regulator's contact details
)


@dataclass(frozen=True)
class PrivacyNotice:
    version: int
    published_at: datetime
    collected: str
    purpose: str
    responsible_party: str
    responsible_party_address: str
    supply: Supply
    consequences: str
    law: str
    transfers: str
    rights: str
    regulator_contact: str

    @classmethod
    def of(cls, version: int, at: datetime, notice: Mapping[str, str]) -> "PrivacyNotice":
        return cls(
            version=version,
            published_at=at,
            collected=notice["collected"],
            purpose=notice["purpose"],
            responsible_party=notice["responsible_party"],
            responsible_party_address=notice["responsible_party_address"],
            supply=Supply(notice["supply"]),
            consequences=notice["consequences"],
            law=notice["law"],
            transfers=notice["transfers"],
            rights=notice["rights"],
            regulator_contact=notice["regulator_contact"],
        )


def checked(notice: Mapping[str, str]) -> dict[str, str]:
    """The notice's fields, each given (the first missing one refused by name)."""
    for field in NOTICE_FIELDS:
        if not (notice.get(field) or "").strip():
            raise InvalidValue(field, "section 18 asks for this part of the notice")
    if notice["supply"] not in set(Supply):
        raise InvalidValue("supply", "voluntary or mandatory")
    return {field: notice[field] for field in NOTICE_FIELDS}


@dataclass(frozen=True)
class GivenNotice:
    version: int
    how: NoticeGiven
    at: datetime


def notice_version(notices: tuple[PrivacyNotice, ...], version: int) -> PrivacyNotice:
    """The tenant's notice of that version (422 naming the field when it has none)."""
    if not 1 <= version <= len(notices):
        raise InvalidValue("privacy_notice_version", "the tenant published no such version")
    return notices[version - 1]
