"""Matching the text a client searches for (a SearchText), literally and case-blind."""


def like_pattern(text: str, *, anywhere: bool) -> str:
    """A LIKE pattern matching the text (lower case) literally, anywhere or as a prefix."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%" if anywhere else f"{escaped}%"
