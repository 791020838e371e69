"""The rules of correcting a ticket after intake: which details may be corrected, when, and the
checked fields of the event that records a correction."""

from collections.abc import Mapping
from typing import Any

from domain.errors import InvalidValue, PersonalDataErased, TicketClosed
from domain.ticket_status import FINISHED, TicketStatus
from domain.values import Priority, serial_number

DEVICE_DETAILS = ("make", "model", "serial_number")
# The details taken at intake that a correction may change: the device's by their own names.
CORRECTABLE = ("priority", "fault_description", *DEVICE_DETAILS)


def correction(
    current: Mapping[str, str | None],
    changes: Mapping[str, str | None],
    status: TicketStatus,
    deidentified: bool,
) -> dict[str, Any]:
    """The details the changes correct (`corrected`, in the order of CORRECTABLE) and their new
    values (the others None); nothing when nothing changes. No detail can be removed; the
    priority is corrected only while the ticket is unfinished (it sets when the work is due),
    the fault not once the ticket's free text is erased."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise InvalidValue(sorted(unknown)[0], "not a correctable detail")
    checked = dict(changes)
    for field, value in checked.items():
        if not value or not value.strip():
            raise InvalidValue(field, f"{field} cannot be removed")
    if "priority" in checked:
        checked["priority"] = _priority(checked["priority"])
    if "serial_number" in checked:
        checked["serial_number"] = serial_number(str(checked["serial_number"]))
    corrected = [f for f in CORRECTABLE if f in checked and checked[f] != current[f]]
    if not corrected:
        return {}
    if "priority" in corrected and status in FINISHED:
        raise TicketClosed(f"cannot correct the priority of a {status} ticket")
    if "fault_description" in corrected and deidentified:
        raise PersonalDataErased("the ticket's free text is erased")
    return {"corrected": corrected} | {
        f: checked.get(f) if f in corrected else None for f in CORRECTABLE
    }


def _priority(value: str | None) -> str:
    try:
        return Priority(str(value)).value
    except ValueError:
        raise InvalidValue("priority", f"one of {', '.join(Priority)}") from None
