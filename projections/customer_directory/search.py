"""The customer directory's blind indexes: keyed tokens (projections/sealing.py) of a customer's
normalised phone (E.164) and email (lower case), and of the prefixes of their lower-cased name
and surname, so a search finds them with no plaintext in any column or index page.

Prefixes are tokened from 1 to PREFIX_CAP characters; a longer search uses its first PREFIX_CAP
characters and the query checks the opened values for the rest. The given name also has a token
of the whole name, so "name surname" prefixes are found as that token and a surname prefix.
"""

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from projections.base import context_of
from projections.sealed_rows import place
from projections.sealing import PersonalColumns
from projections.tables import Table

PREFIX_CAP = 20
PHONE, EMAIL = "phone", "email"
GIVEN, GIVEN_PREFIX, SURNAME_PREFIX = "given", "given-prefix", "surname-prefix"


def exact_token(columns: PersonalColumns, tenant_id: UUID, kind: str, value: str) -> bytes:
    """The token of a phone (E.164), an email or a whole given name, normalised."""
    return columns.token(tenant_id, kind, value.lower())


def prefix_token(columns: PersonalColumns, tenant_id: UUID, kind: str, text: str) -> bytes:
    """The token of a name's or surname's prefix, at most PREFIX_CAP characters of it."""
    return columns.token(tenant_id, kind, text.lower()[:PREFIX_CAP])


def value_token(
    columns: PersonalColumns, tenant_id: UUID, kind: str, value: str | None
) -> bytes | None:
    return None if value is None else exact_token(columns, tenant_id, kind, value)


def given_tokens(columns: PersonalColumns, tenant_id: UUID, name: str | None) -> list[bytes]:
    """The tokens of the whole given name and of each of its prefixes."""
    if not name:
        return []
    prefixes = _prefixes(columns, tenant_id, GIVEN_PREFIX, name)
    return [exact_token(columns, tenant_id, GIVEN, name), *prefixes]


def surname_tokens(columns: PersonalColumns, tenant_id: UUID, surname: str | None) -> list[bytes]:
    return _prefixes(columns, tenant_id, SURNAME_PREFIX, surname) if surname else []


def _prefixes(columns: PersonalColumns, tenant_id: UUID, kind: str, text: str) -> list[bytes]:
    lowered = text.lower()
    return [
        columns.token(tenant_id, kind, lowered[:n])
        for n in range(1, min(len(lowered), PREFIX_CAP) + 1)
    ]


def token_columns(
    columns: PersonalColumns, tenant_id: UUID, details: Mapping[str, str | None]
) -> dict[str, object]:
    """The token columns of the details given (of name, surname, phone and email)."""
    found: dict[str, object] = {}
    if "phone" in details:
        found["phone_token"] = value_token(columns, tenant_id, PHONE, details["phone"])
    if "email" in details:
        found["email_token"] = value_token(columns, tenant_id, EMAIL, details["email"])
    if "name" in details:
        found["given_tokens"] = given_tokens(columns, tenant_id, details["name"])
    if "surname" in details:
        found["surname_tokens"] = surname_tokens(columns, tenant_id, details["surname"])
    return found


def sealed_details(
    columns: PersonalColumns, table: Table, event: Any, fields: Sequence[str]
) -> dict[str, object]:
    """The columns of these details of a customer's event in the table: each sealed under the
    customer's key, and the tokens of those sealed (none once the customer is erased)."""
    sealed = {
        f: columns.seal(event.originator_id, place(table, f), getattr(event, f)) for f in fields
    }
    given = {f: getattr(event, f) if sealed[f] is not None else None for f in fields}
    return {**sealed, **token_columns(columns, context_of(event).tenant_id, given)}
