"""The layers keep to their places (docs/architecture.md) and modules stay small.

Every import in a layer's modules counts, at the top of a module or inside a function. Known
exceptions are listed by name; an entry that no longer breaks its rule fails too, so the lists
only shrink.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).parents[2]
LAYERS = ("domain", "commands", "queries", "projections", "adapters")
MAX_LINES = 200
# What each layer must not import from.
FORBIDDEN = {
    "domain": ("commands", "queries", "projections", "adapters"),
    "queries": ("commands",),
    "projections": ("commands", "adapters"),
}
# Modules that break a layer rule today, to be put right (then taken out of here).
KNOWN_CROSSINGS: dict[str, frozenset[str]] = {}
# Modules over MAX_LINES today, to be split (then taken out of here): the aggregates, whose
# events are nested in them (an event's topic names its aggregate).
KNOWN_LONG: frozenset[str] = frozenset(
    {"domain/ticket.py", "domain/customer.py", "domain/tenant.py"}
)


def modules(layer: str) -> Iterator[Path]:
    yield from sorted((ROOT / layer).rglob("*.py"))


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imported(path: Path) -> set[str]:
    """The top-level packages the module imports from (relative imports stay in its layer)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def crossings(layer: str) -> dict[str, set[str]]:
    """The layer's modules that import from a layer it must not, and from which."""
    wrong = {name(path): imported(path) & set(FORBIDDEN[layer]) for path in modules(layer)}
    return {module: layers for module, layers in wrong.items() if layers}


def test_each_layer_imports_nothing_from_the_layers_it_must_not() -> None:
    for layer in FORBIDDEN:
        found = crossings(layer)
        known = KNOWN_CROSSINGS.get(layer, frozenset())
        new = {module: found[module] for module in found.keys() - known}
        assert not new, f"{layer}/ imports from {FORBIDDEN[layer]}: {new}"
        mended = known - found.keys()
        assert not mended, f"keeps to its layer now: take out of KNOWN_CROSSINGS {sorted(mended)}"


def test_no_module_of_the_service_is_over_the_line_limit() -> None:
    lengths = {
        name(path): len(path.read_text().splitlines())
        for layer in LAYERS
        for path in modules(layer)
    }
    long = {module: lines for module, lines in lengths.items() if lines > MAX_LINES}
    new = {module: long[module] for module in sorted(long.keys() - KNOWN_LONG)}
    assert not new, f"over {MAX_LINES} lines (two ideas in one module?): {new}"
    shrunk = sorted(module for module in KNOWN_LONG if lengths.get(module, 0) <= MAX_LINES)
    assert not shrunk, f"within {MAX_LINES} lines now (or gone): take out of KNOWN_LONG {shrunk}"


def test_the_rules_see_the_imports_they_check() -> None:
    """The checks above would pass on modules they failed to read: they read these."""
    assert "eventsourcing" in imported(ROOT / "domain" / "ticket.py")
    assert "domain" in imported(ROOT / "commands" / "tickets.py")
    assert all(any(modules(layer)) for layer in LAYERS)


def test_no_test_module_imports_another() -> None:
    """What tests share lives in tests/*.py (scenario, support, processes...), not in a test."""
    found = []
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.rsplit(".", 1)[-1].startswith("test_"):
                    found.append(f"{name(path)}: {node.module}")
    assert not found, f"a test module imported by another: {found}"
