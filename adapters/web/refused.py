"""What a page shows again with a refused form: its status, why, the messages by field, and what
was typed (but passwords)."""

from typing import Any

from adapters.web import forms
from adapters.web.desk import Desk, Refusal


async def shown_again(
    desk: Desk, refusal: Refusal | None, acted: str | None = None
) -> dict[str, Any]:
    """The page's values for the refusal, by the form's name (`acted`) where the page has several;
    without one, a page as first shown."""
    if refusal is None:
        return {"status_code": 200, "refusal": None, "errors": {}, "typed": {}}
    errors: dict[str, Any] = refusal.fields
    typed: dict[str, Any] = await forms.typed(desk.request)
    if acted is not None:
        errors, typed = {acted: errors}, {acted: typed}
    return {"status_code": refusal.status, "refusal": refusal, "errors": errors, "typed": typed}
