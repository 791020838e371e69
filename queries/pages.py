"""Lists come a page at a time: `limit` items and an opaque cursor to the next page.

A cursor is the key of the page's last item, as the list's own shape (a `Position`), written
as base64url JSON. One a client sends back is read strictly as that shape (every field there,
of its exact JSON type, nothing more), so a forged or another list's cursor is a 422 naming
`cursor`, and no value in one reaches SQL unchecked.
"""

import base64
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from domain.errors import InvalidValue
from domain.fields import lines

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
P = TypeVar("P", bound="Position")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200

Cursor = Annotated[str, StringConstraints(max_length=2048, pattern=r"^[A-Za-z0-9_-]+$")]
LogPosition = Annotated[int, Field(ge=0, lt=2**63)]
SortText = Annotated[str, StringConstraints(max_length=1000), AfterValidator(lines)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


class Position(BaseModel):
    """Where a list's page ends: each list's cursor is a subclass naming its key's fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def encode_cursor(position: "Position") -> str:
    return base64.urlsafe_b64encode(position.model_dump_json().encode()).decode().rstrip("=")


def read_cursor(cursor: str | None, shape: type[P]) -> P | None:
    """The position a cursor of this list's shape names; 422 for any other cursor."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return shape.model_validate_json(raw, strict=True)
    except ValueError:  # not base64, not JSON, or not of the shape
        raise InvalidValue("cursor", "not a cursor this list gave out") from None


def keyset_page(
    rows: Sequence[Mapping[str, Any]],
    limit: int,
    model: type[M],
    key: Callable[[Mapping[str, Any]], Position],
) -> Page[M]:
    """A page from up to limit + 1 rows: an extra row only says that there is a next page,
    which starts after the key of the page's last row."""
    items = [model.model_validate(row) for row in rows[:limit]]
    more = len(rows) > limit
    return Page(items=items, next_cursor=encode_cursor(key(rows[limit - 1])) if more else None)
