"""A process's start: the database brought to the schema's head, then the service built."""

from collections.abc import Sequence
from typing import Any

from adapters.bootstrap import Services, bootstrap
from adapters.postgres.database import start_embedded
from adapters.postgres.schema import upgrade
from adapters.settings import Settings
from projections import ALL
from projections.base import ReadModelProjection


def start_service(
    settings: Settings | None = None,
    read_models: Sequence[type[ReadModelProjection[Any]]] = ALL,
) -> Services:
    """Upgrade the events database (and the key store's) under the schema lock, so replicas
    starting at once are safe, then build the service from the same settings (with other read
    models, for tests) and register the versions of its read models (blue-green rebuilds)."""
    settings = settings or Settings()
    url = settings.database_url or start_embedded(settings.data_dir)
    upgrade(url, settings.keystore_database_url)
    services = bootstrap(settings, read_models)
    try:
        services.versions.start()
    except Exception:
        services.close()
        raise
    return services
