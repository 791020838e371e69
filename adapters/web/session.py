"""The workspace's session: the API's own bearer token, kept in an HttpOnly cookie, so it expires
like a token and ends with the user's deactivation; and each form's proof that it was posted from
one of our pages (a keyed digest of the session, in the form and checked on every post)."""

import hmac

from fastapi import Request, Response

from adapters.bootstrap import Services

COOKIE = "aftersales_session"
FORM_FIELD = "csrf"


def keep(request: Request, response: Response, token: str, seconds: int) -> None:
    """The session cookie: sent only over https behind https, never to scripts, nor with
    another site's requests but plain links (SameSite=Lax)."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=seconds,
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )


def end(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/")


def token_of(request: Request) -> str | None:
    return request.cookies.get(COOKIE)


def form_token(services: Services, request: Request) -> str:
    """What this session's forms carry: no other site can know it (it needs the session's
    cookie, which scripts cannot read, and the server's secret)."""
    return services.form_digest("form", token_of(request) or "")


def genuine(services: Services, request: Request, given: str | None) -> bool:
    """Whether a post carries its session's form token and, when the browser names where it was
    posted from, comes from this site."""
    return (
        from_here(request)
        and token_of(request) is not None
        and hmac.compare_digest(given or "", form_token(services, request))
    )


def from_here(request: Request) -> bool:
    """Whether the request was sent from this site's pages, when the browser says where from."""
    origin = request.headers.get("origin")
    return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"
