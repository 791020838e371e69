"""A read model's tables are named once, in its folder's tables.py: every other module of the
service composes its SQL from the Table objects, never from a table name in a string.

Migrations are frozen history and keep their names; docstrings are prose, not SQL.
"""

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

from projections.tables import Table

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("queries", "projections", "adapters")
# A follower that is no read model, named as a table of one is (its stored position keeps it).
OTHER_FOLLOWERS = frozenset({"automatic_messages"})


def read_model_tables() -> set[str]:
    """The names of every read model's tables, from the Table objects of its tables.py."""
    names = set()
    for path in sorted((ROOT / "projections").glob("*/tables.py")):
        module = importlib.import_module(f"projections.{path.parent.name}.tables")
        names |= {value.name for value in vars(module).values() if isinstance(value, Table)}
    return names


def scanned_modules() -> Iterator[Path]:
    for layer in SCANNED:
        for path in sorted((ROOT / layer).rglob("*.py")):
            if "migrations" not in path.parts and path.name != "tables.py":
                yield path


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def table_names_in_strings(path: Path, names: set[str]) -> list[str]:
    """`module:line name` for each string constant of the module naming a read model's table."""
    word = re.compile(r"\b(" + "|".join(sorted(names)) + r")\b")
    tree = ast.parse(path.read_text(), filename=str(path))
    prose = docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in prose
            and node.value not in OTHER_FOLLOWERS
        ):
            for match in word.finditer(node.value):
                hits.append(f"{path.relative_to(ROOT)}:{node.lineno} {match.group()}")
    return hits


def test_no_module_names_a_read_models_table_in_a_string() -> None:
    names = read_model_tables()
    hits = [hit for path in scanned_modules() for hit in table_names_in_strings(path, names)]
    assert not hits, f"use the table's object (projections/<read model>/tables.py): {hits}"


def test_the_scan_sees_the_tables_and_the_modules() -> None:
    """The check above would pass on names or modules it failed to find: it finds these."""
    names = read_model_tables()
    assert {"customer_directory_v3", "ticket_messages_v4", "retention_policies"} <= names
    modules = {path.relative_to(ROOT).as_posix() for path in scanned_modules()}
    assert {"queries/customers.py", "projections/buffers.py", "adapters/audit/export.py"} <= modules
    migration = ROOT / "projections/customer_directory/migrations/0003_customer_directory_v3.py"
    assert table_names_in_strings(migration, names)
