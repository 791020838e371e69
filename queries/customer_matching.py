"""What a directory search matches, through the blind indexes of
projections/customer_directory/search.py: the SQL finding the candidate rows by their tokens,
and the check of the opened rows (for a name longer than the tokened prefixes)."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from psycopg.sql import SQL, Composable, Composed, Identifier, Placeholder

from domain.errors import InvalidValue
from domain.values import phone_number
from projections.customer_directory import search
from projections.customer_directory.tables import CUSTOMER_DIRECTORY
from projections.sealing import PersonalColumns
from queries.pages import LogPosition, Position


class DirectoryCursor(Position):
    registered: LogPosition  # the log position of the last customer's registration


class Search:
    """The customers of a tenant matching q (every one when q is None): by name and surname,
    and by phone and email unless `contacts` is false (for a table holding names only)."""

    def __init__(
        self, columns: PersonalColumns, tenant_id: UUID, q: str | None, contacts: bool = True
    ) -> None:
        self.q = q.lower() if q is not None else None
        self.phone: str | None = None
        self.params: dict[str, Any] = {"tenant": tenant_id}
        self.matching: list[Composable] = []
        if self.q is not None:
            self._tokens(columns, tenant_id, self.q, contacts)

    def condition(self) -> Composable | None:
        """The SQL a candidate row's token columns meet (None when q is None)."""
        return SQL("({})").format(SQL(" OR ").join(self.matching)) if self.matching else None

    def query(
        self, fields: Composable, limit: int, after: DirectoryCursor | None
    ) -> tuple[Composed, dict[str, Any]]:
        """The SQL of up to limit candidates after the cursor, oldest registration first."""
        conditions: list[Composable] = [SQL("tenant_id = %(tenant)s")]
        if (matching := self.condition()) is not None:
            conditions.append(matching)
        params = {**self.params, "limit": limit}
        if after is not None:
            conditions.append(SQL("registered > %(after)s"))
            params["after"] = after.registered
        query = SQL("SELECT {} FROM {} WHERE {} ORDER BY registered LIMIT %(limit)s").format(
            fields, CUSTOMER_DIRECTORY.sql, SQL(" AND ").join(conditions)
        )
        return query, params

    def matches(self, row: Mapping[str, Any]) -> bool:
        """Whether an opened row matches q (its tokens matched a prefix of at most
        PREFIX_CAP characters, or its exact phone or email)."""
        q = self.q
        if q is None:
            return True
        name, surname = (row["name"] or "").lower(), (row["surname"] or "").lower()
        return (
            f"{name} {surname}".startswith(q)
            or surname.startswith(q)
            or (self.phone is not None and row["phone"] == self.phone)
            or (row["email"] or "").lower() == q
        )

    def _tokens(self, columns: PersonalColumns, tenant_id: UUID, q: str, contacts: bool) -> None:
        """The tokens q (lower-cased) may match: a prefix of the name or of the surname, the
        whole name and a prefix of the surname at each space, the email, the phone."""

        def prefix(kind: str, text: str) -> bytes:
            return search.prefix_token(columns, tenant_id, kind, text)

        def exact(kind: str, text: str) -> bytes:
            return search.exact_token(columns, tenant_id, kind, text)

        self.matching += [
            self._holds("given_tokens", prefix(search.GIVEN_PREFIX, q)),
            self._holds("surname_tokens", prefix(search.SURNAME_PREFIX, q)),
        ]
        for at in (i for i, c in enumerate(q) if c == " "):
            both = [self._holds("given_tokens", exact(search.GIVEN, q[:at]))]
            if rest := q[at + 1 :]:
                both.append(self._holds("surname_tokens", prefix(search.SURNAME_PREFIX, rest)))
            self.matching.append(SQL("({})").format(SQL(" AND ").join(both)))
        if not contacts:
            return
        if "@" in q:
            self.matching.append(self._is("email_token", exact(search.EMAIL, q)))
            return
        try:
            self.phone = phone_number(q)
        except InvalidValue:
            return
        self.matching.append(self._is("phone_token", exact(search.PHONE, self.phone)))

    def _param(self, token: bytes) -> Placeholder:
        name = f"t{len(self.params)}"
        self.params[name] = token
        return Placeholder(name)

    def _holds(self, column: str, token: bytes) -> Composed:
        """The token column's array holds the token (found through its GIN index)."""
        return SQL("{} @> ARRAY[{}::bytea]").format(Identifier(column), self._param(token))

    def _is(self, column: str, token: bytes) -> Composed:
        return SQL("{} = {}").format(Identifier(column), self._param(token))
