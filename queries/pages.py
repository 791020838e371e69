"""Lists come a page at a time: `limit` items and an opaque cursor to the next page."""

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from domain.errors import InvalidValue

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
K = TypeVar("K", bound=BaseModel)
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(position: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidValue("cursor", "not a cursor this service gave out") from None
    if not isinstance(position, dict):
        raise InvalidValue("cursor", "not a cursor this service gave out")
    return position


def read_cursor(cursor: str | None, shape: type[K]) -> K | None:
    """The position a cursor of this list's shape names; 422 for any other cursor."""
    position = decode_cursor(cursor)
    if position is None:
        return None
    try:
        return shape.model_validate(position)
    except ValidationError:
        raise InvalidValue("cursor", "not a cursor of this list") from None


def keyset_page(
    rows: Sequence[Mapping[str, Any]],
    limit: int,
    model: type[M],
    key: Callable[[Mapping[str, Any]], BaseModel],
) -> Page[M]:
    """A page from up to limit + 1 rows: an extra row only says that there is a next page,
    which starts after the key of the page's last row."""
    items = [model.model_validate(row) for row in rows[:limit]]
    more = len(rows) > limit
    next_cursor = encode_cursor(key(rows[limit - 1]).model_dump(mode="json")) if more else None
    return Page(items=items, next_cursor=next_cursor)
