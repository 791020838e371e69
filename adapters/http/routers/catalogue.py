"""The tenant's product catalogue: each make and model's warranty, terms, and what a replacement
under warranty carries. Make and model are matched without regard to case; a model may hold "/",
a make may not."""

from fastapi import APIRouter

from adapters.http.deps import ApplicationDep, QueryContext, may
from adapters.http.writes import WriterDep
from commands.answers import Written
from commands.catalogue import (
    CatalogueEntryPublic,
    CatalogueTerms,
    RemoveCatalogueEntry,
    SetCatalogueEntry,
    catalogue_entry_of,
    catalogue_of,
)
from domain.access import STAFF
from domain.fields import Label

router = APIRouter(prefix="/v1/catalogue", tags=["catalogue"])
NOT_IN_IT: dict[int | str, dict[str, str]] = {
    404: {"description": "The make and model are not in the catalogue."}
}
NO_SUCH_ADDRESS: dict[int | str, dict[str, str]] = {
    404: {"description": "A make or model no address can hold (a line break in the model)."}
}


@router.get("", dependencies=[may(STAFF)])
def get_catalogue(app: ApplicationDep, ctx: QueryContext) -> list[CatalogueEntryPublic]:
    """Every entry of the catalogue, by make and model."""
    return catalogue_of(app, ctx)


@router.get("/{make}/{model:path}", dependencies=[may(STAFF)], responses=NOT_IN_IT)
def get_entry(
    make: Label, model: Label, app: ApplicationDep, ctx: QueryContext
) -> CatalogueEntryPublic:
    """The make and model's entry."""
    return catalogue_entry_of(app, ctx, make, model)


@router.put(
    "/{make}/{model:path}", dependencies=[may(SetCatalogueEntry)], responses=NO_SUCH_ADDRESS
)
def set_entry(make: Label, model: Label, body: CatalogueTerms, write: WriterDep) -> Written:
    """Add the make and model, or change its entry: warranty months (0 to 600) from the device's
    installation or sale date, the shop's default terms, and `replacement_warranty`."""
    return write(SetCatalogueEntry.from_body(body, make=make, model=model))


@router.delete(
    "/{make}/{model:path}", dependencies=[may(RemoveCatalogueEntry)], responses=NOT_IN_IT
)
def remove_entry(make: Label, model: Label, write: WriterDep) -> Written:
    """Take the make and model out of the catalogue: its devices' warranty becomes unknown
    unless a warranty end was set on the device."""
    return write(RemoveCatalogueEntry(make=make, model=model))
