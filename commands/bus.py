"""Runs a command: checks the caller's role, honours Idempotency-Key, retries lost races."""

from collections.abc import Callable
from functools import cache
from typing import Any, ClassVar, TypeVar, cast, get_type_hints

from pydantic import BaseModel, ConfigDict

from commands.answers import Written
from commands.application import Aftersales
from domain.context import RequestContext, authorize
from domain.refusals import IdempotencyKeyReused, VersionConflict
from domain.values import Role

ATTEMPTS = 5

C = TypeVar("C", bound="Command")
W = TypeVar("W", bound=Written)


class Command(BaseModel):
    """A request to change something; `may` names the roles allowed to ask for it, and a
    `public` one anyone may ask for (a data subject's privacy request)."""

    model_config = ConfigDict(frozen=True)
    may: ClassVar[frozenset[Role]] = frozenset()
    public: ClassVar[bool] = False


def execute(
    handler: Callable[[C, RequestContext, Aftersales], W],
    cmd: C,
    ctx: RequestContext,
    app: Aftersales,
) -> W:
    """Run the handler; without If-Match, a race lost to another writer is retried afresh."""
    if not cmd.public:
        authorize(ctx, cmd.may)
    answer_type = cast(type[W], _answer_type(handler))
    if (replay := _replay(app, ctx, answer_type)) is not None:
        return replay
    attempt = 0
    while True:
        attempt += 1
        try:
            return handler(cmd, ctx, app)
        except VersionConflict:
            if (replay := _replay(app, ctx, answer_type)) is not None:
                return replay
            if ctx.expected_version is not None or attempt >= ATTEMPTS:
                raise


@cache
def _answer_type(handler: Callable[..., Written]) -> type[Written]:
    answer_type: type[Written] = get_type_hints(handler)["return"]
    return answer_type


def _replay(app: Aftersales, ctx: RequestContext, answer_type: type[W]) -> W | None:
    """The first answer to this Idempotency-Key, if the same request already succeeded."""
    if ctx.idempotency is None:
        return None
    stored = app.answers.stored_answer(ctx.tenant_id, ctx.idempotency.key)
    if stored is None:
        return None
    if stored.fingerprint != ctx.idempotency.fingerprint:
        raise IdempotencyKeyReused("this Idempotency-Key was used with a different request")
    answer: Any = answer_type.model_validate_json(stored.answer)
    position = app.recorder.max_notification_id()
    return answer.model_copy(update={"position": position})  # type: ignore[no-any-return]
