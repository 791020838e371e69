"""The handler registry: each command class finds its one handler from the class alone."""

import pytest

from commands.answers import OpenedTicket, Written
from commands.application import Aftersales
from commands.bus import HANDLERS, Command, Handlers
from domain.context import RequestContext
from tests.registry import command_classes


def test_every_command_class_has_a_handler_and_every_handler_a_command_class() -> None:
    classes = command_classes()
    assert len(classes) > 30
    assert HANDLERS.commands() == classes


def test_a_handler_is_defined_beside_its_command_so_the_class_brings_its_handler() -> None:
    for command in command_classes():
        handle, _ = HANDLERS.of(command)
        assert handle.__module__ == command.__module__, command.__name__


class Rename(Command[Written]):
    name: str


def rename(cmd: Rename, ctx: RequestContext, app: Aftersales) -> Written:
    raise NotImplementedError


def rename_again(cmd: Rename, ctx: RequestContext, app: Aftersales) -> Written:
    raise NotImplementedError


def test_a_command_class_is_found_by_its_handler_s_first_parameter() -> None:
    handlers = Handlers()
    handlers.register(rename)
    assert handlers.of(Rename) == (rename, Written)
    assert handlers.commands() == {Rename}


def test_a_second_handler_for_a_command_class_is_refused() -> None:
    handlers = Handlers()
    handlers.register(rename)
    with pytest.raises(TypeError, match="Rename has a handler already: rename"):
        handlers.register(rename_again)
    assert handlers.of(Rename) == (rename, Written)


def test_a_handler_must_answer_what_its_command_declares() -> None:
    def opened(cmd: Rename, ctx: RequestContext, app: Aftersales) -> OpenedTicket:
        raise NotImplementedError

    with pytest.raises(TypeError, match="must answer Written"):
        Handlers().register(opened)


def test_a_command_class_without_a_handler_is_not_found() -> None:
    with pytest.raises(LookupError, match="Rename has no handler"):
        Handlers().of(Rename)
