"""A provider's webhook body as JSON, read only once the call has proven itself, and only
within bounds: no provider nests its JSON more than a few levels, so deeper is refused before
any parser recurses into it (the body's size is capped for every request already)."""

import json
import re
from typing import Any

MAX_DEPTH = 32
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


class Unreadable(ValueError):
    """The body is not JSON, or nests deeper than MAX_DEPTH."""


def payload(body: bytes) -> Any:
    if depth(body) > MAX_DEPTH:
        raise Unreadable(f"the body's JSON nests deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(body)
    except ValueError:  # not UTF-8, not JSON, or a number too long to read
        raise Unreadable("the body is not JSON") from None


def depth(body: bytes) -> int:
    """How deep the brackets outside strings nest (for JSON, how deep its values nest)."""
    deepest = opened = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b"", body)):
        opened += 1 if bracket in b"[{" else -1
        deepest = max(deepest, opened)
    return deepest
