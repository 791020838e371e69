"""A query names the read models it reads, so whoever asks it can wait until they are fresh
enough (a caller's own last write, or the log position it asks for) and nobody declares them
a second time.

    @reads(TicketDetail)
    def ticket_detail(db: ReadStore, ctx: RequestContext, ticket_id: UUID) -> ...
"""

from collections.abc import Callable
from functools import update_wrapper
from typing import Generic, ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class KeepsReadModel(Protocol):
    """What keeps a read model (its projection): its name is the read model's."""

    name: str


class Query(Generic[P, R]):
    """A query function with the names of the read models it reads."""

    def __init__(self, function: Callable[P, R], read_models: tuple[str, ...]) -> None:
        self.function = function
        self.read_models = read_models
        update_wrapper(self, function)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.function(*args, **kwargs)


def reads(*read_models: type[KeepsReadModel]) -> Callable[[Callable[P, R]], Query[P, R]]:
    """Declare the read models (by their projections) the query reads."""
    if not read_models:
        raise TypeError("a query reads at least one read model")
    names = tuple(read_model.name for read_model in read_models)

    def declare(function: Callable[P, R]) -> Query[P, R]:
        return Query(function, names)

    return declare
