"""`aftersales db`: the schema's version lines, where each stands, and bringing them to head."""

import typer

from adapters.postgres.database import start_embedded
from adapters.postgres.schema import describe, status, upgrade
from adapters.settings import Settings

db = typer.Typer(help="The database schema: its migrations.", no_args_is_help=True)


def _urls() -> tuple[str, str | None]:
    settings = Settings()
    return settings.database_url or start_embedded(
        settings.data_dir
    ), settings.keystore_database_url


@db.command("upgrade")
def upgrade_command() -> None:
    """Run every version line (the service's, the keys', each read model's) to its head."""
    upgrade(*_urls())
    typer.echo(describe(status(*_urls())))


@db.command("status")
def status_command() -> None:
    """Each version line: its current revision, and whether that is its head."""
    typer.echo(describe(status(*_urls())))
