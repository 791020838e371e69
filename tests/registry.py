"""The command classes that `commands/` defines, found by walking its modules."""

import importlib
import inspect
import pkgutil
from typing import Any

import commands
from commands.bus import Command


def command_classes() -> set[type[Command[Any]]]:
    """Every command class the modules of `commands/` define."""
    found: set[type[Command[Any]]] = set()
    for module_info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"commands.{module_info.name}")
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, Command)
                and value is not Command
                and value.__module__ == module.__name__
                and value.__pydantic_generic_metadata__["origin"] is None  # not `Command[X]`
            ):
                found.add(value)
    return found
