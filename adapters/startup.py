"""A process's start: the database brought to the schema's head, then the service built."""

from adapters.bootstrap import Services, bootstrap
from adapters.postgres.database import start_embedded
from adapters.postgres.schema import upgrade
from adapters.settings import Settings


def start_service(settings: Settings | None = None) -> Services:
    """Upgrade the events database (and the key store's) under the schema lock, so replicas
    starting at once are safe, then build the service from the same settings."""
    settings = settings or Settings()
    url = settings.database_url or start_embedded(settings.data_dir)
    upgrade(url, settings.keystore_database_url)
    return bootstrap(settings)
