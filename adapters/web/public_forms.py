"""The CSRF proof of the public pages' forms (the privacy page's, the status page's): no
session, so a random cookie of its own (HttpOnly, SameSite=Strict, scoped to the page's path)
and, in each form, its keyed digest. A post with neither, or from another site, is refused
(403)."""

import hmac
import secrets

from fastapi import Request
from fastapi.responses import Response

from adapters.bootstrap import Services
from adapters.web import forms
from adapters.web.session import FORM_FIELD, from_here
from domain.refusals import Forbidden

COOKIE = "aftersales_public_form"


def proof_of(request: Request) -> str:
    """The browser's proof, or a fresh one for a first visit."""
    return request.cookies.get(COOKIE) or secrets.token_urlsafe(24)


def digest(services: Services, proof: str) -> str:
    """What a page's forms carry: the proof's keyed digest."""
    return services.form_digest("public form", proof)


def keep(page: Response, request: Request, proof: str, path: str) -> None:
    """Set the proof's cookie on the page, for the pages under `path`."""
    page.set_cookie(
        COOKIE,
        proof,
        path=path,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


async def genuine(request: Request, services: Services) -> None:
    """A post of one of these pages' forms: its cookie's digest in the form, from this site."""
    proof = request.cookies.get(COOKIE)
    given = await forms.given(request, FORM_FIELD)
    expected = digest(services, proof or "")
    if not (from_here(request) and proof and hmac.compare_digest(given or "", expected)):
        raise Forbidden("this form was not sent from this site's page: open the page again")
