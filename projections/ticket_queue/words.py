"""A fault's words as blind-index tokens, so the queue's `q` finds a ticket by a word of its
fault (or a word's start) while no page of the queue, nor of its index, holds the fault's text.

A word is a run of letters and digits, in lower case, cut to its first MAX_START characters. A
fault's tokens are those of each of its words and of each word's starts from MIN_START
characters; a token is the first 8 bytes of the tenant's keyed HMAC of the text
(projections/sealing.py `token`), as a bigint. So a word of `q` matches a fault word that it
equals or, from MIN_START characters, one that starts with it.
"""

import re
from uuid import UUID

from projections.sealing import PersonalColumns

MIN_START, MAX_START = 3, 20
KIND = "word"
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def fault_tokens(keys: PersonalColumns, tenant_id: UUID, fault: str) -> list[int]:
    """The tokens stored for a fault: its words and their starts."""
    found: set[str] = set()
    for word in (word[:MAX_START] for word in words(fault)):
        found.update(word[:n] for n in range(min(MIN_START, len(word)), len(word) + 1))
    return sorted({_token(keys, tenant_id, text) for text in found})


def query_tokens(keys: PersonalColumns, tenant_id: UUID, q: str) -> list[int]:
    """The tokens a fault must all hold to match the words of q (none when q has no word)."""
    return sorted({_token(keys, tenant_id, word[:MAX_START]) for word in words(q)})


def _token(keys: PersonalColumns, tenant_id: UUID, text: str) -> int:
    return int.from_bytes(keys.token(tenant_id, KIND, text)[:8], "big", signed=True)
