"""A ticket's parts as its detail shows them, made from its timeline's part entries: each with
its state, supplier, tracking reference and cost (a string of rand and cents)."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from domain.money import written
from domain.parts import PartState

_CLOSED = {"part_arrived": PartState.ARRIVED, "part_cancelled": PartState.CANCELLED}


class PartPublic(BaseModel):
    """`closed_at`/`closed_by`: when and by whom it arrived or was cancelled."""

    id: UUID
    state: PartState
    part_number: str
    description: str
    quantity: int
    serial: str | None
    cost: str
    supplier: str
    tracking: str | None
    ordered_at: datetime
    ordered_by: str
    closed_at: datetime | None = None
    closed_by: str | None = None


def parts_of(entries: Iterable[dict[str, Any]]) -> list[PartPublic]:
    """The parts the timeline's entries (oldest first) tell of."""
    parts: dict[str, dict[str, Any]] = {}
    for entry in entries:
        kind = entry["kind"]
        if kind == "part_ordered":
            parts[entry["part_id"]] = {
                **entry,
                "id": entry["part_id"],
                "state": PartState.ORDERED,
                "cost": written(entry["cost_cents"]),
                "ordered_at": entry["at"],
                "ordered_by": entry["by"],
            }
        elif kind in _CLOSED:
            closed = {"state": _CLOSED[kind], "closed_at": entry["at"], "closed_by": entry["by"]}
            parts[entry["part_id"]] |= closed
    return [PartPublic.model_validate(part) for part in parts.values()]
