"""Access tokens: signed, expiring, naming the staff user, their tenant and the generation of
their credentials (a password change or reset makes the tokens of earlier ones stop working).
A change ticket is signed alike but for one use only: choosing a new password at sign-in."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import jwt

ALGORITHM = "HS256"
ACCESS = "access"
PASSWORD_CHANGE = "password_change"
CHANGE_TICKET_LIFETIME = timedelta(minutes=5)


@dataclass(frozen=True)
class TokenClaims:
    staff_id: UUID
    tenant_id: UUID
    generation: int = 0


class InvalidToken(Exception):
    pass


class TokenIssuer:
    def __init__(self, secret: str, lifetime: timedelta) -> None:
        self._secret = secret
        self.lifetime = lifetime

    def issue(self, staff_id: UUID, tenant_id: UUID, generation: int = 0) -> str:
        return self._sign(TokenClaims(staff_id, tenant_id, generation), ACCESS, self.lifetime)

    def verify(self, token: str) -> TokenClaims:
        return self._read(token, ACCESS)

    def issue_change_ticket(self, staff_id: UUID, tenant_id: UUID, generation: int) -> str:
        """A ticket to choose a new password with, for a user who must before signing in."""
        claims = TokenClaims(staff_id, tenant_id, generation)
        return self._sign(claims, PASSWORD_CHANGE, CHANGE_TICKET_LIFETIME)

    def verify_change_ticket(self, ticket: str) -> TokenClaims:
        return self._read(ticket, PASSWORD_CHANGE)

    def _sign(self, claims: TokenClaims, use: str, lifetime: timedelta) -> str:
        now = datetime.now(UTC)
        payload = {
            "sub": str(claims.staff_id),
            "tid": str(claims.tenant_id),
            "gen": claims.generation,
            "use": use,
            "iat": now,
            "exp": now + lifetime,
            "jti": uuid4().hex,
        }
        return jwt.encode(payload, self._secret, algorithm=ALGORITHM)

    def _read(self, token: str, use: str) -> TokenClaims:
        """The claims of a token of this use; tokens from before uses had none were access."""
        try:
            claims = jwt.decode(
                token, self._secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
            )
            if claims.get("use", ACCESS) != use:
                raise InvalidToken(f"not a token for {use}")
            generation = claims.get("gen", 0)
            if not isinstance(generation, int):
                raise InvalidToken("gen is not a whole number")
            return TokenClaims(UUID(claims["sub"]), UUID(claims["tid"]), generation)
        except (jwt.PyJWTError, KeyError, ValueError) as e:
            raise InvalidToken(str(e)) from None
