"""A posted form as the body the API's route would take: one model, so a form is refused for
what the API refuses, field by field."""

from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from adapters.web.session import FORM_FIELD

M = TypeVar("M", bound=BaseModel)
VERSION_FIELD = "version"  # the version the page showed: the write's If-Match
NOT_FIELDS = {FORM_FIELD, VERSION_FIELD}


async def posted(request: Request, model: type[M]) -> M:
    """The form's fields as the model: `device.make` nests, a name ending in `[]` is a list, an
    empty field is left out (the model's default), and of a name given twice the last counts
    (a hidden `false` before its checkbox). ValidationError names the fields refused."""
    form = await request.form()
    data: dict[str, Any] = {}
    for name in dict.fromkeys(form.keys()):
        if name in NOT_FIELDS:
            continue
        values = [value for value in form.getlist(name) if isinstance(value, str)]
        if name.endswith("[]"):
            _place(data, name[:-2], [value for value in values if value != ""])
        elif values and values[-1] != "":
            _place(data, name, values[-1])
    return model.model_validate(data)


async def version_shown(request: Request) -> int | None:
    """The version of the thing the form was shown with, if it says one."""
    given = (await request.form()).get(VERSION_FIELD)
    return int(given) if isinstance(given, str) and given.isdigit() and len(given) <= 18 else None


def errors_by_field(error: ValidationError) -> dict[str, str]:
    """A refused form's messages by the name of its field (`device.make`), for the form shown
    again."""
    return {".".join(str(p) for p in e["loc"]) or "form": e["msg"] for e in error.errors()}


def _place(data: dict[str, Any], dotted: str, value: object) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value
