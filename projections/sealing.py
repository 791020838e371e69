"""Personal columns of read models: sealed under the data subject's key as the events are, so no
page of a read model holds a name, phone, email or fault text; and keyed blind-index tokens, so
they are still found by exact value or prefix without any plaintext in an index.

A projection seals with `seal` as it writes a row; a query opens with `open` as it answers
(`prefetch` first fetches the keys of a page's subjects in one go; `open_fields` opens a
row's columns with one key lookup). After an erasure the
subject's key is destroyed: its sealed columns open to None, and no new value is sealed for it.
"""

from collections.abc import Iterable, Mapping
from typing import Protocol
from uuid import UUID


class PersonalColumns(Protocol):
    def seal(self, subject_id: UUID, place: str, value: str | None) -> bytes | None:
        """The value sealed under the subject's key and bound to its place (`table.column`);
        None for None, or when the subject is erased."""

    def open(self, subject_id: UUID | None, place: str, sealed: bytes | None) -> str | None:
        """The value sealed at place, or None when there is none or the key is destroyed."""

    def open_fields(
        self, subject_id: UUID | None, sealed: Mapping[str, bytes | None]
    ) -> dict[str, str | None]:
        """Each place's value opened, as `open` would, the subject's key looked up once."""

    def prefetch(self, subject_ids: Iterable[UUID]) -> None:
        """Fetch the keys of these subjects not known yet, in one go."""

    def token(self, tenant_id: UUID, kind: str, value: str) -> bytes:
        """The tenant's keyed blind-index token of a normalised value of a kind (`phone`,
        `email`, `name`, `word`...): equal values give equal tokens, nothing else is revealed
        without the tenant's search key."""
