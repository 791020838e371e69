"""The workspace's templates (Jinja2, every value escaped unless a template says otherwise)."""

from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.templating import Jinja2Templates

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
STATIC = Path(__file__).parent / "static"


def back(request: Request, default: str = "/") -> str:
    """The page the user came from, when it is one of ours."""
    referer = urlsplit(request.headers.get("referer", ""))
    own = referer.netloc == request.url.netloc and referer.path.startswith("/")
    return referer.path + (f"?{referer.query}" if referer.query else "") if own else default
