"""Every table and index the service owns is made by a migration, never by application code."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
SERVICE = ("adapters", "commands", "domain", "projections", "queries")
DDL = re.compile(r"CREATE\s+(UNIQUE\s+)?(TABLE|INDEX)", re.IGNORECASE)


def test_no_create_table_or_index_outside_migration_files() -> None:
    sources = [p for top in SERVICE for p in (ROOT / top).rglob("*.py")]
    outside = [p for p in sources if "migrations" not in p.relative_to(ROOT).parts]
    assert len(outside) > 100  # the service's modules were found
    found = [str(p.relative_to(ROOT)) for p in outside if DDL.search(p.read_text())]
    assert found == []


def test_each_read_model_has_its_migrations_in_its_folder() -> None:
    from projections import ALL

    for projection in ALL:
        folder = Path(__import__(projection.__module__, fromlist=["_"]).__file__ or "").parent
        assert list((folder / "migrations").glob("0001_*.py")), projection.name
