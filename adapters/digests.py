"""Keyed digests (HMAC-SHA256) that stand for what the service must recognise but need not keep:
an Idempotency-Key and the request sent with it, the username and address of a failed login.

Each purpose has its own key, made from the server's secret (AFTERSALES_TOKEN_SECRET, else the
data dir's `token-secret`). Without it a digest confirms no guess: not a registration's body,
not that a username failed to log in from an address."""

import hashlib
import hmac


class KeyedDigest:
    def __init__(self, secret: str, purpose: str) -> None:
        self._key = hashlib.sha256(f"aftersales {purpose}\0{secret}".encode()).digest()

    def __call__(self, *parts: str | bytes) -> str:
        """The digest of the parts, each told apart from the next by its length."""
        mac = hmac.new(self._key, digestmod=hashlib.sha256)
        for part in parts:
            data = part.encode() if isinstance(part, str) else part
            mac.update(len(data).to_bytes(8, "big") + data)
        return mac.hexdigest()
