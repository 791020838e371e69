"""The headers every workspace page and asset answers with: a Content-Security-Policy that runs
no inline script and loads nothing from elsewhere, no framing, no sniffing, and pages (which
hold personal information) kept in no cache."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.web.navigation import is_page

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
ALWAYS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]
STATIC_PREFIX = "/static/"


class PageHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        static = path.startswith(STATIC_PREFIX)
        if scope["type"] != "http" or not (static or is_page(path)):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers.extend(ALWAYS)
                if not static:
                    headers.append((b"cache-control", b"no-store"))
            await send(message)

        await self.app(scope, receive, with_headers)
