"""The README's settings table, made from the Settings class so that it cannot fall behind.

`python -m adapters.settings_table` (or `make settings-table`) rewrites the table in README.md,
between its two markers; tests/unit/test_settings.py fails while the README's table is stale.
"""

from pathlib import Path

from pydantic.fields import FieldInfo

from adapters.settings import Settings

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- settings table: made by `make settings-table` from adapters/settings/ -->"
END = "<!-- end of settings table -->"


def table() -> str:
    """One row per setting: its variable, its default and what it does."""
    prefix = Settings.model_config.get("env_prefix", "")
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        meaning = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{prefix}{name.upper()}` | {_default(field)} | {meaning} |")
    return "\n".join(rows)


def _default(field: FieldInfo) -> str:
    value = field.get_default(call_default_factory=True)
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return f"`{value}`"


def with_table(readme: str) -> str:
    """The README's text with the table between the markers made anew."""
    head, start, rest = readme.partition(START)
    _, end, tail = rest.partition(END)
    if not (start and end):
        raise ValueError(f"README.md needs the markers {START!r} and {END!r}")
    return f"{head}{START}\n{table()}\n{END}{tail}"


if __name__ == "__main__":
    README.write_text(with_table(README.read_text()))
