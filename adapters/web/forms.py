"""A refused form's errors, by the names of its fields."""

from pydantic import ValidationError


def errors_by_field(error: ValidationError) -> dict[str, str]:
    """A refused form's messages by the name of its field (`device.make`), for the form shown
    again."""
    return {".".join(str(p) for p in e["loc"]) or "form": e["msg"] for e in error.errors()}
