"""Proof of identity before a privacy right is exercised: a one-time code sent to the address
on record for the person, and for an access request a one-time link to the export.

The service keeps only keyed digests of codes and links (adapters/privacy_secrets.py makes
them); a code and a link each expire, are used once, and a code has MAX_TRIES tries.
"""

import secrets
from datetime import timedelta
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.errors import DomainError

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=15)
MAX_TRIES = 5  # wrong codes a request takes before it needs a new code
MAX_CODES = 5  # codes a request may be sent in all
LINK_LIFETIME = timedelta(hours=24)
_REQUESTS = uuid5(NAMESPACE_URL, "https://aftersales.co.za/privacy-requests")


class VerifiedBy(StrEnum):
    CODE = "code"  # the requester entered the code sent to the address on record
    STAFF = "staff"  # a compliance officer checked the requester's identity (the reason says how)


def new_reference() -> str:
    """A request's reference: what the requester is told and quotes back (40 random bits)."""
    return f"PR-{secrets.token_hex(5).upper()}"


def request_id_for(tenant_id: UUID, reference: str) -> UUID:
    """The request a reference names in a tenant, found with no read model."""
    return uuid5(_REQUESTS, f"{tenant_id}/{reference.upper()}")


class AlreadyVerified(DomainError):
    code = "already_verified"


class VerificationLocked(DomainError):
    """Too many wrong codes: the request needs a new code."""

    code = "verification_locked"


class TooManyCodes(DomainError):
    code = "too_many_codes"


class RequestUnverified(DomainError):
    """The requester's identity is not proven: the request cannot be answered yet."""

    code = "request_unverified"


class NoExport(DomainError):
    """Only a verified access request linked to a customer is answered with an export."""

    code = "no_export"
