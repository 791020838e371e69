"""Matching the text a client searches for, literally and case-blind."""

from typing import Annotated

from pydantic import StringConstraints

SearchText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def like_pattern(text: str, *, anywhere: bool) -> str:
    """A LIKE pattern matching the text (lower case) literally, anywhere or as a prefix."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%" if anywhere else f"{escaped}%"
