"""The secrets of a privacy request's proof of identity: one-time codes and export links, and
the keyed digests (adapters/digests.py) that are all the service keeps of them."""

import secrets
from dataclasses import dataclass
from uuid import UUID

from adapters.digests import KeyedDigest
from domain.privacy_verification import CODE_DIGITS

DOWNLOADS = "/v1/public/privacy-downloads"
_LINK_BYTES = 24  # 192 random bits after the request's id


@dataclass(frozen=True)
class Issued:
    """A secret to send, and the digest to keep of it."""

    secret: str
    digest: str


class PrivacySecrets:
    def __init__(self, secret: str, public_url: str) -> None:
        self._codes = KeyedDigest(secret, "privacy request codes")
        self._links = KeyedDigest(secret, "privacy export links")
        self.public_url = public_url.rstrip("/")

    def new_code(self, request_id: UUID) -> Issued:
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        return Issued(code, self.code_digest(request_id, code))

    def code_digest(self, request_id: UUID, code: str) -> str:
        return self._codes(str(request_id), code.strip())

    def new_link(self, request_id: UUID) -> Issued:
        """A download link: the request's id, then the random part (URL-safe)."""
        token = request_id.hex + secrets.token_urlsafe(_LINK_BYTES)
        return Issued(f"{self.public_url}{DOWNLOADS}/{token}", self.link_digest(token))

    def link_digest(self, token: str) -> str:
        return self._links(token)


def request_of(token: str) -> UUID | None:
    """The request a download token names, None for one that names none."""
    try:
        return UUID(hex=token[:32]) if len(token) > 32 else None
    except ValueError:
        return None
