"""The settings an operator gives: the database in parts, and the README's table of them all."""

import os
import re
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict
from pydantic import ValidationError

from adapters import settings_table
from adapters.settings import Settings

PASSWORDS = ["p/ss@word+1", "with space 'quote' \\ back", "%2F=;#?&:", "ünïcødé"]


@pytest.fixture(autouse=True)
def no_outside_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only what a test sets: no AFTERSALES_* of the caller's, no .env file."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("AFTERSALES_")]:
        monkeypatch.delenv(name)


@pytest.mark.parametrize("password", PASSWORDS)
def test_the_database_in_parts_makes_a_conninfo_that_keeps_every_character(
    monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    monkeypatch.setenv("AFTERSALES_DATABASE_HOST", "postgres")
    monkeypatch.setenv("AFTERSALES_DATABASE_PASSWORD", password)
    assert conninfo_to_dict(Settings().database_url or "") == {
        "host": "postgres",
        "port": "5432",
        "dbname": "aftersales",
        "user": "aftersales",
        "password": password,
    }


def test_the_password_may_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "db-password"
    secret.write_text("s3cr/t@x+y\n")
    monkeypatch.setenv("AFTERSALES_DATABASE_HOST", "db.internal")
    monkeypatch.setenv("AFTERSALES_DATABASE_PORT", "6543")
    monkeypatch.setenv("AFTERSALES_DATABASE_NAME", "shop")
    monkeypatch.setenv("AFTERSALES_DATABASE_USER", "repairs")
    monkeypatch.setenv("AFTERSALES_DATABASE_PASSWORD_FILE", str(secret))
    parts = conninfo_to_dict(Settings().database_url or "")
    assert parts == {
        "host": "db.internal",
        "port": "6543",
        "dbname": "shop",
        "user": "repairs",
        "password": "s3cr/t@x+y",
    }


def test_a_url_and_parts_together_or_a_missing_password_file_are_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AFTERSALES_DATABASE_HOST", "postgres")
    monkeypatch.setenv("AFTERSALES_DATABASE_URL", "postgresql://a@b/c")
    with pytest.raises(ValidationError, match="not both"):
        Settings()
    monkeypatch.delenv("AFTERSALES_DATABASE_URL")
    monkeypatch.setenv("AFTERSALES_DATABASE_PASSWORD_FILE", str(tmp_path / "missing"))
    with pytest.raises(ValidationError, match="AFTERSALES_DATABASE_PASSWORD_FILE"):
        Settings()


def test_without_a_host_the_url_is_as_given_or_unset() -> None:
    assert Settings().database_url is None
    assert Settings(database_url="postgresql://a@b/c").database_url == "postgresql://a@b/c"


def test_every_setting_says_what_it_does() -> None:
    missing = [name for name, field in Settings.model_fields.items() if not field.description]
    assert not missing, f"give these a description=: {missing}"


def test_the_readmes_settings_table_is_made_from_the_settings_class() -> None:
    readme = settings_table.README.read_text()
    assert settings_table.with_table(readme) == readme, "stale: run `make settings-table`"
    for name in Settings.model_fields:
        assert f"`AFTERSALES_{name.upper()}`" in readme


def test_the_table_shows_defaults_as_an_operator_writes_them() -> None:
    rows = {row.split(" | ")[0]: row.split(" | ")[1] for row in settings_table.table().splitlines()}
    assert rows["| `AFTERSALES_DATABASE_URL`"] == "unset"
    assert rows["| `AFTERSALES_DATA_DIR`"] == "`.aftersales`"
    assert rows["| `AFTERSALES_RETENTION_DAILY`"] == "true"
    assert rows["| `AFTERSALES_READ_WAIT_SECONDS`"] == "2"
    assert rows["| `AFTERSALES_SETTLE_SECONDS`"] == "0.04"


def test_docker_compose_hands_the_service_a_password_with_any_character(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The aftersales service's environment in docker-compose.yml, as compose fills it in."""
    password = "p/ss@word+1"
    compose = (Path(__file__).parents[2] / "docker-compose.yml").read_text()
    for name, value in re.findall(r"^ +(AFTERSALES_DATABASE_\w+): (.+)$", compose, re.M):
        filled = re.sub(r"\$\{POSTGRES_PASSWORD[^}]*\}", lambda _: password, value)
        monkeypatch.setenv(name, filled)
    parts = conninfo_to_dict(Settings().database_url or "")
    assert parts["password"] == password and parts["host"] == "postgres"
