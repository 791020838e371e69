"""Forms that each send one of the API's commands about one thing (a ticket, a customer, a
privacy request): a post route for each, open to the command's roles, back to the thing's page when
done, and the page shown `again` with why when refused."""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel

from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from commands.bus import Command


@dataclass(frozen=True)
class Action:
    """A form: the body it is read as, the command it sends, and what the service adds to it
    (as the API's route does)."""

    body: type[BaseModel]
    command: type[Command[Any]]
    given: Callable[[Desk], dict[str, Any]] = lambda _: {}


Again = Callable[[Desk, UUID, str, Refusal], Awaitable[Response]]


def add_forms(
    router: APIRouter,
    base: str,
    key: str,
    actions: Mapping[str, Action],
    again: Again,
    announce: bool = False,
) -> None:
    """`POST {base}/{key}/{name}` for each action; the id in the path is the command's `key`.
    `announce`: the page done comes back to is told which (`?done={name}`)."""
    for name, action in actions.items():
        done = f"?done={name}" if announce else ""
        _add(router, base, key, name, action, again, done)


def _add(
    router: APIRouter, base: str, key: str, name: str, action: Action, again: Again, done: str
) -> None:
    async def act(desk: DeskDep, thing: Annotated[UUID, Path(alias=key)]) -> Response:
        async def refused(refusal: Refusal) -> Response:
            return await again(desk, thing, name, refusal)

        return await desk.submit(
            action.body,
            lambda body: action.command.from_body(body, **{key: thing}, **action.given(desk)),
            lambda _: f"{base}/{thing}{done}",
            refused,
        )

    router.add_api_route(
        f"{base}/{{{key}}}/{name}",
        act,
        methods=["POST"],
        dependencies=[allowed(action.command)],
        name=f"{base.strip('/').replace('-', '_')}_{name}",
    )
