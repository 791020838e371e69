"""The marker for personal information in event fields.

A field of an event whose type is ``Personal`` (or ``Personal | None``) holds personal information
about the event's data subject: the persistence mapper encrypts it under that subject's key.
"""

from functools import cache
from typing import Annotated, Any, get_args, get_origin, get_type_hints
from uuid import UUID

PERSONAL = "personal information"

Personal = Annotated[str | None, PERSONAL]


def _is_personal(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return PERSONAL in annotation.__metadata__
    return any(_is_personal(arg) for arg in get_args(annotation))


@cache
def personal_fields(event_class: type) -> frozenset[str]:
    """The names of an event class's fields that hold personal information."""
    hints = get_type_hints(event_class, include_extras=True)
    return frozenset(name for name, hint in hints.items() if _is_personal(hint))


@cache
def personal_state(aggregate_class: type) -> frozenset[str]:
    """The attributes of an aggregate that hold personal information: those its events fill
    from their personal fields, which share their names."""
    events = (v for v in vars(aggregate_class).values() if isinstance(v, type))
    return frozenset().union(*(personal_fields(event) for event in events))


def key_owner(aggregate: object) -> UUID | None:
    """Whose erasure destroys the aggregate's data key: the owner it names (`key_owner_id`: a
    message's ticket), else its data subject; None for an aggregate with neither."""
    subject: UUID | None = getattr(aggregate, "data_subject_id", None)
    owner: UUID | None = getattr(aggregate, "key_owner_id", subject)
    return owner
