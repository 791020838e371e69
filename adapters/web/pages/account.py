"""The signed-in user's own account: who they are, and a change of their password that keeps
them signed in (the API's change, whose new token replaces the session's)."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from adapters.http.routers.auth import TokenPublic
from adapters.http.routers.staff import password_attempt, password_changed
from adapters.web import session
from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from adapters.web.refused import shown_again
from commands.answers import Written
from commands.login import Attempt
from commands.password_changes import ChangeOwnPassword, OwnPasswordChange
from domain.access import STAFF
from queries.staff import me

router = APIRouter(include_in_schema=False)


@router.get("/account", response_class=HTMLResponse, dependencies=[allowed(STAFF)])
async def account(desk: DeskDep, password: str | None = None) -> HTMLResponse:
    return await account_page(desk, changed=password == "changed")


async def account_page(
    desk: Desk, changed: bool = False, refusal: Refusal | None = None
) -> HTMLResponse:
    return desk.page(
        "account.html",
        **await shown_again(desk, refusal),
        canonical="/account",
        me=await desk.read(me),
        changed=changed,
    )


@router.post("/account/password", dependencies=[allowed(ChangeOwnPassword)])
async def change_password(desk: DeskDep) -> Response:
    """The API's change of one's own password (a wrong current one counts as a failed login),
    then the session goes on with the token it issues: every earlier one stops working."""
    attempts: list[Attempt] = []
    tokens: list[TokenPublic] = []

    def command(body: OwnPasswordChange) -> ChangeOwnPassword:
        # Claimed once the form reads as the body, as the route claims after its body is valid.
        attempts.append(password_attempt(desk.request, desk.services, desk.user))
        return ChangeOwnPassword.from_body(body)

    def done(answer: Written) -> str:
        tokens.append(password_changed(desk.services, attempts[0], desk.user, answer))
        return "/account?password=changed"

    async def again(refusal: Refusal) -> Response:
        return await account_page(desk, refusal=refusal)

    answered = await desk.submit(OwnPasswordChange, command, done, again)
    for token in tokens:
        session.keep(desk.request, answered, token.access_token, token.expires_in)
    return answered
