"""Test fixtures: a fresh database on the real PostgreSQL for each run, and tenants to work in."""

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from adapters.bootstrap import Services
from adapters.postgres.database import (
    drop_database,
    ensure_database,
    start_embedded,
)
from adapters.settings import Settings
from adapters.startup import start_service
from tests.broker import LocalBroker
from tests.providers.accounts import Providers
from tests.support import TenantKit, new_tenant


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """AFTERSALES_TEST_DATABASE_URL's server, else an embedded PostgreSQL for this run only."""
    url = os.environ.get("AFTERSALES_TEST_DATABASE_URL")
    if url:
        yield url
        return
    # removed, with the server stopped, when this run ends, however it ends
    yield start_embedded(Path(tempfile.mkdtemp(prefix="aftersales-pg-")), delete=True)


@pytest.fixture(scope="session")
def database_url(server_url: str) -> Iterator[str]:
    name = f"aftersales_test_{uuid4().hex[:12]}"
    url = ensure_database(server_url, name)
    yield url
    drop_database(server_url, name)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("aftersales-data")


@pytest.fixture(scope="session")
def providers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Providers]:
    """Local servers speaking the Graph API, BulkSMS and SMTP (STARTTLS), for the whole run."""
    providers = Providers(tmp_path_factory.mktemp("providers"))
    providers.start()
    yield providers
    providers.stop()


@pytest.fixture(scope="session")
def settings(database_url: str, data_dir: Path, providers: Providers) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=data_dir,
        token_secret="test-secret-" + "x" * 32,
        create_demo_tenant=False,
        pool_size=4,
        **channel_settings(providers),
    )


def channel_settings(providers: Providers) -> dict[str, Any]:
    """The service's channels pointed at the local providers, with short pauses."""
    return {
        "channels_file": providers.channels_file,
        "whatsapp_base_url": providers.graph.url,
        "sms_base_url": providers.sms.url,
        "smtp_host": "127.0.0.1",
        "smtp_port": providers.smtp.port,
        "smtp_ca_file": providers.smtp.cert_file,
        "messages_per_second": 1000.0,
        "message_retry_seconds": 0.05,
        "message_retry_max_seconds": 1.0,
        "whatsapp_unknown_outcome_seconds": 3.0,
    }


@pytest.fixture(scope="session")
def services(settings: Settings) -> Iterator[Services]:
    services = start_service(settings)
    services.workers.start()
    yield services
    services.close()


@pytest.fixture
def fresh_services(server_url: str, settings: Settings) -> Iterator[Callable[..., Services]]:
    """Services on a database of their own, for tests that must not share history."""
    made: list[tuple[Services, str]] = []

    def make(**changes: object) -> Services:
        name = f"aftersales_test_{uuid4().hex[:12]}"
        url = ensure_database(server_url, name)
        services = start_service(settings.model_copy(update={"database_url": url, **changes}))
        made.append((services, name))
        return services

    yield make
    for services, name in made:
        services.close()
        drop_database(server_url, name)


@pytest.fixture
def tenant(services: Services) -> TenantKit:
    return new_tenant(services)


@pytest.fixture
def other_tenant(services: Services) -> TenantKit:
    return new_tenant(services)


@pytest.fixture(scope="session")
def broker() -> Iterator[LocalBroker]:
    """A Kafka-protocol broker (Tansu) on a free loopback port, for the whole run."""
    broker = LocalBroker()
    broker.start()
    yield broker
    broker.remove()
