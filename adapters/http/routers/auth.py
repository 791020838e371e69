"""Signing in: a username and password for a bearer token."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from adapters.http.deps import ServicesDep, client_address, request_id
from commands.login import log_in

router = APIRouter(prefix="/v1/auth", tags=["identity"])


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


@router.post(
    "/token",
    responses={
        401: {"description": "Unknown username or wrong password, answered alike."},
        429: {},
    },
)
def issue_token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    services: ServicesDep,
) -> TokenPublic:
    """Sign in; unknown user and wrong password answer alike, and repeated failures get 429."""
    user = log_in(
        form.username,
        form.password,
        client_address(request),
        request_id(request),
        services.app,
        services.throttle,
    )
    token = services.tokens.issue(user.id, user.tenant_id)
    return TokenPublic(access_token=token, expires_in=int(services.tokens.lifetime.total_seconds()))
