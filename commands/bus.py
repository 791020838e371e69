"""The command bus: each command class has one handler, registered with `@handler` where it is
defined; `send` finds it from the command's class, checks the caller's role, honours
Idempotency-Key and retries lost races."""

import inspect
from collections.abc import Callable
from typing import Any, ClassVar, Generic, Self, TypeVar, cast, get_type_hints

from pydantic import BaseModel, ConfigDict

from commands.answers import Written
from commands.application import Aftersales
from domain.context import RequestContext, authorize
from domain.refusals import IdempotencyKeyReused, VersionConflict
from domain.values import Role

ATTEMPTS = 5

W = TypeVar("W", bound=Written)
Answer = TypeVar("Answer", bound=Written, covariant=True)
C = TypeVar("C", bound="Command[Any]")
Handler = Callable[[C, RequestContext, Aftersales], W]


class Command(BaseModel, Generic[Answer]):
    """A request to change something, answered with an `Answer`; `may` names the roles allowed
    to ask for it, and a `public` one anyone may ask for (a data subject's privacy request)."""

    model_config = ConfigDict(frozen=True)
    may: ClassVar[frozenset[Role]] = frozenset()
    public: ClassVar[bool] = False

    @classmethod
    def from_body(cls, body: BaseModel, **ids: Any) -> Self:
        """The command a client's body asks for, with the ids its path names; a field the body
        leaves out is left unset in the command too."""
        return cls(**ids, **body.model_dump(exclude_unset=True))


class Handlers:
    """The one handler of each command class, and the answer it gives."""

    def __init__(self) -> None:
        self._handlers: dict[type[Command[Any]], tuple[Handler[Any, Any], type[Written]]] = {}

    def register(self, handle: Handler[C, W]) -> Handler[C, W]:
        """Register `handle` for the command class its first parameter names; a class with a
        handler already, or an answer other than the one its command declares, is refused."""
        hints = get_type_hints(handle)
        command: type[Command[Any]] = hints[next(iter(inspect.signature(handle).parameters))]
        if command in self._handlers:
            first = self._handlers[command][0]
            raise TypeError(f"{command.__name__} has a handler already: {first.__qualname__}")
        answer = _answer_of(command)
        if hints["return"] is not answer:
            raise TypeError(f"{handle.__qualname__} must answer {answer.__name__}")
        self._handlers[command] = (handle, answer)
        return handle

    def of(self, command: type[Command[W]]) -> tuple[Handler[Command[W], W], type[W]]:
        """The handler of this command class, and the class of its answer."""
        if command not in self._handlers:
            raise LookupError(f"{command.__name__} has no handler")
        return cast(tuple[Handler[Command[W], W], type[W]], self._handlers[command])

    def commands(self) -> set[type[Command[Any]]]:
        return set(self._handlers)


HANDLERS = Handlers()
handler = HANDLERS.register


def send(command: Command[W], ctx: RequestContext, app: Aftersales) -> W:
    """Run the command's handler; without If-Match, a race lost to another writer is retried
    afresh."""
    handle, answer_type = HANDLERS.of(type(command))
    if not command.public:
        authorize(ctx, command.may)
    if (replay := _replay(app, ctx, answer_type)) is not None:
        return replay
    attempt = 0
    while True:
        attempt += 1
        try:
            return handle(command, ctx, app)
        except VersionConflict:
            if (replay := _replay(app, ctx, answer_type)) is not None:
                return replay
            if ctx.expected_version is not None or attempt >= ATTEMPTS:
                raise


def _answer_of(command: type[Command[Any]]) -> type[Written]:
    """The `W` of the `Command[W]` the class derives from."""
    for base in command.__mro__:
        generic = getattr(base, "__pydantic_generic_metadata__", None)
        if generic is not None and generic["origin"] is Command:
            answer: type[Written] = generic["args"][0]
            return answer
    raise TypeError(f"{command.__name__} does not say what it answers: Command[Written]")


def _replay(app: Aftersales, ctx: RequestContext, answer_type: type[W]) -> W | None:
    """The first answer to this Idempotency-Key, if the same request already succeeded."""
    if ctx.idempotency is None:
        return None
    stored = app.answers.stored_answer(ctx.tenant_id, ctx.idempotency.key)
    if stored is None:
        return None
    if stored.fingerprint != ctx.idempotency.fingerprint:
        raise IdempotencyKeyReused("this Idempotency-Key was used with a different request")
    answer = answer_type.model_validate_json(stored.answer)
    position = app.recorder.max_notification_id()
    return answer.model_copy(update={"position": position})
