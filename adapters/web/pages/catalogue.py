"""The admin's product catalogue: each make and model's warranty, terms, and what a replacement
under warranty carries; an entry to add or change, and one to take out."""

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from adapters.web.refused import shown_again
from commands.catalogue import (
    CatalogueEntryChange,
    MakeAndModel,
    RemoveCatalogueEntry,
    SetCatalogueEntry,
    catalogue_of,
)
from domain.access import ADMIN
from domain.catalogue import ReplacementWarranty

router = APIRouter(include_in_schema=False)
PAGE = "/admin/catalogue"


@router.get(PAGE, dependencies=[allowed(ADMIN)])
async def catalogue(desk: DeskDep) -> HTMLResponse:
    return await catalogue_page(desk, None)


async def catalogue_page(desk: Desk, refusal: Refusal | None) -> HTMLResponse:
    return desk.page(
        "admin/catalogue.html",
        **await shown_again(desk, refusal),
        canonical=PAGE,
        entries=await run_in_threadpool(catalogue_of, desk.services.app, desk.ctx),
        replacements=[
            (ReplacementWarranty.REMAINING.value, "keeps the replaced unit's remaining warranty"),
            (ReplacementWarranty.NEW.value, "starts a new warranty on the day it is fitted"),
        ],
    )


async def _again(desk: Desk, refusal: Refusal) -> Response:
    return await catalogue_page(desk, refusal)


@router.post(PAGE, dependencies=[allowed(SetCatalogueEntry)])
async def set_entry(desk: DeskDep) -> Response:
    return await desk.submit(
        CatalogueEntryChange,
        SetCatalogueEntry.from_body,
        lambda _: PAGE,
        lambda refusal: _again(desk, refusal),
    )


@router.post(f"{PAGE}/removal", dependencies=[allowed(RemoveCatalogueEntry)])
async def remove_entry(desk: DeskDep) -> Response:
    return await desk.submit(
        MakeAndModel,
        RemoveCatalogueEntry.from_body,
        lambda _: PAGE,
        lambda refusal: _again(desk, refusal),
    )
