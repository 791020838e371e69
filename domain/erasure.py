"""Why a customer was erased: a ground kept for ever, beside a reason that dies with their key."""

from enum import StrEnum
from typing import Any


class ErasureGround(StrEnum):
    DATA_SUBJECT_REQUEST = "data_subject_request"  # the person asked (POPIA s24)
    RETENTION = "retention"  # the tenant's retention policy let them go (s14)
    OTHER = "other"  # any other, or not said


def erasure_v1_to_v2(state: dict[str, Any]) -> None:
    """An erasure stored before grounds: retention's wording says so, any other is `other`. Its
    reason was stored in plaintext; it stays in the store and reads None, its key destroyed."""
    retention = str(state.get("reason") or "").startswith("retention policy")
    state["ground"] = (ErasureGround.RETENTION if retention else ErasureGround.OTHER).value
