"""A posted form as the body the API's route would take: one model, so a form is refused for
what the API refuses, field by field; and what every form carries besides its fields (the
version it was shown with, and a key that makes a second submission of it a replay)."""

from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from adapters.web.session import FORM_FIELD

M = TypeVar("M", bound=BaseModel)
VERSION_FIELD = "version"  # the version the page showed: the write's If-Match
ONCE_FIELD = "once"  # made when the form is shown: the write's Idempotency-Key
NOT_FIELDS = {FORM_FIELD, VERSION_FIELD, ONCE_FIELD}


async def posted(request: Request, model: type[M]) -> M:
    """The form's fields as the model: `device.make` nests, a name ending in `[]` is a list, one
    ending in `?` a checkbox (true when its last value is `true`: a hidden `false` before it),
    an empty field is left out (the model's default), and of a name given twice the last counts.
    A form's fields are text, so numbers and booleans are read from it (`30`, `true`) where the
    API's JSON must carry them as such. ValidationError names the fields refused."""
    data: dict[str, Any] = {}
    for name, values in (await fields(request)).items():
        if name.endswith("[]"):
            _place(data, name[:-2], [value for value in values if value != ""])
        elif name.endswith("?"):
            _place(data, name[:-1], bool(values) and values[-1] == "true")
        elif values and values[-1] != "":
            _place(data, name, values[-1])
    return model.model_validate(data, strict=False)


def asked(request: Request, model: type[M]) -> M:
    """A page's query parameters as the model the API's route takes, with the ones left empty
    (a filter set to "any") left out; a name given more than once is a list."""
    data: dict[str, Any] = {}
    for name in dict.fromkeys(request.query_params.keys()):
        values = [value for value in request.query_params.getlist(name) if value != ""]
        if values:
            data[name] = values if len(values) > 1 else values[0]
    return model.model_validate(data)


async def fields(request: Request) -> dict[str, list[str]]:
    """The form's own fields (not the token, version or key), each with its values in order."""
    form = await request.form()
    return {
        name: [value for value in form.getlist(name) if isinstance(value, str)]
        for name in dict.fromkeys(form.keys())
        if name not in NOT_FIELDS
    }


async def typed(request: Request) -> dict[str, str | list[str]]:
    """What was typed into a refused form, to show it again (never a password): the last value
    of each name, and every value of a list (a name ending in `[]`)."""
    return {
        name: values if name.endswith("[]") else values[-1]
        for name, values in (await fields(request)).items()
        if values and "password" not in name
    }


async def given(request: Request, name: str) -> str | None:
    """One of the fields every form carries, if it was given (and short)."""
    value = (await request.form()).get(name)
    return value if isinstance(value, str) and 0 < len(value) <= 64 else None


async def text(request: Request, name: str) -> str | None:
    """A field typed by a person, whole (the body's limit caps it; the command's model checks
    its length and characters), or None when left blank."""
    value = (await request.form()).get(name)
    return (value.strip() or None) if isinstance(value, str) else None


async def version_shown(request: Request) -> int | None:
    """The version of the thing the form was shown with, if it says one."""
    value = await given(request, VERSION_FIELD)
    return int(value) if value is not None and value.isdigit() and len(value) <= 18 else None


def errors_by_field(error: ValidationError) -> dict[str, str]:
    """A refused form's messages by the name of its field (`device.make`), for the form shown
    again."""
    return {".".join(str(p) for p in e["loc"]) or "form": e["msg"] for e in error.errors()}


def _place(data: dict[str, Any], dotted: str, value: object) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value
