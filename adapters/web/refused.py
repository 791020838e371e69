"""What a page shows again with a refused form: its status, why, the messages by field, and what
was typed (but passwords)."""

from typing import Any

from adapters.web import forms
from adapters.web.desk import Desk, Refusal


async def shown_again(desk: Desk, refusal: Refusal | None) -> dict[str, Any]:
    """The page's values for the refusal; without one, a page as first shown."""
    if refusal is None:
        return {"status_code": 200, "refusal": None, "errors": {}, "typed": {}}
    typed = await forms.typed(desk.request)
    return {
        "status_code": refusal.status,
        "refusal": refusal,
        "errors": refusal.fields,
        "typed": typed,
    }
