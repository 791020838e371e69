"""The tenant's product catalogue: per make and model, its warranty and the shop's terms."""

from typing import Annotated

from pydantic import Field

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from domain.access import ADMIN
from domain.catalogue import MAX_WARRANTY_MONTHS, CatalogueEntry, ReplacementWarranty
from domain.context import RequestContext
from domain.fields import Label, Text
from domain.tenant import CatalogueEntryNotFound, Tenant

Months = Annotated[
    int,
    Field(strict=True, ge=0, le=MAX_WARRANTY_MONTHS, description="calendar months of warranty"),
]


class CatalogueTerms(Body):
    """A make and model's warranty: its months from installation (or sale), the shop's default
    terms, and whether a replacement under warranty keeps the replaced unit's remaining warranty
    (`remaining`, the default) or starts anew on the day it is fitted (`new`)."""

    warranty_months: Months
    terms: Text | None = None
    replacement_warranty: ReplacementWarranty = ReplacementWarranty.REMAINING


class CatalogueEntryPublic(CatalogueTerms):
    make: str
    model: str


class MakeAndModel(Body):
    make: Label
    model: Label


class CatalogueEntryChange(MakeAndModel, CatalogueTerms):
    """An entry as the workspace's form gives it: the make and model with their terms."""


class SetCatalogueEntry(CatalogueEntryChange, Command[Written]):
    may = ADMIN


class RemoveCatalogueEntry(MakeAndModel, Command[Written]):
    may = ADMIN


@handler
def set_catalogue_entry(cmd: SetCatalogueEntry, ctx: RequestContext, app: Aftersales) -> Written:
    tenant = app.load_for_change(Tenant, ctx.tenant_id, ctx)
    tenant.set_catalogue_entry(
        CatalogueEntry(
            cmd.make, cmd.model, cmd.warranty_months, cmd.terms, cmd.replacement_warranty
        )
    )
    return app.commit(ctx, tenant)


@handler
def remove_catalogue_entry(
    cmd: RemoveCatalogueEntry, ctx: RequestContext, app: Aftersales
) -> Written:
    tenant = app.load_for_change(Tenant, ctx.tenant_id, ctx)
    tenant.remove_catalogue_entry(cmd.make, cmd.model)
    return app.commit(ctx, tenant)


def catalogue_of(app: Aftersales, ctx: RequestContext) -> list[CatalogueEntryPublic]:
    """The tenant's catalogue as its log holds it (tenants are few; no read model keeps them),
    by make and model."""
    entries = app.load(Tenant, ctx.tenant_id, ctx).catalogue.values()
    return [
        _public(entry)
        for entry in sorted(entries, key=lambda e: (e.make.casefold(), e.model.casefold()))
    ]


def catalogue_entry_of(
    app: Aftersales, ctx: RequestContext, make: str, model: str
) -> CatalogueEntryPublic:
    """The make and model's entry, matched without regard to case; NotFound if there is none."""
    entry = app.load(Tenant, ctx.tenant_id, ctx).catalogue_entry(make, model)
    if entry is None:
        raise CatalogueEntryNotFound(make, model)
    return _public(entry)


def _public(entry: CatalogueEntry) -> CatalogueEntryPublic:
    return CatalogueEntryPublic.model_validate(entry, from_attributes=True)
