"""Access tokens: signed, expiring, naming the staff user and their tenant."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import jwt

ALGORITHM = "HS256"


@dataclass(frozen=True)
class TokenClaims:
    staff_id: UUID
    tenant_id: UUID


class InvalidToken(Exception):
    pass


class TokenIssuer:
    def __init__(self, secret: str, lifetime: timedelta) -> None:
        self._secret = secret
        self.lifetime = lifetime

    def issue(self, staff_id: UUID, tenant_id: UUID) -> str:
        now = datetime.now(UTC)
        claims = {
            "sub": str(staff_id),
            "tid": str(tenant_id),
            "iat": now,
            "exp": now + self.lifetime,
            "jti": uuid4().hex,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> TokenClaims:
        try:
            claims = jwt.decode(
                token, self._secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
            )
            return TokenClaims(UUID(claims["sub"]), UUID(claims["tid"]))
        except (jwt.PyJWTError, KeyError, ValueError) as e:
            raise InvalidToken(str(e)) from None
