"""Test fixtures: a fresh database on the real PostgreSQL for each run, and tenants to work in."""

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from argon2 import PasswordHasher, profiles

from adapters.bootstrap import Services
from adapters.postgres.database import (
    drop_database,
    ensure_database,
    start_embedded,
)
from adapters.settings import Settings
from adapters.startup import start_service
from commands import passwords
from tests.broker import LocalBroker
from tests.providers.accounts import Providers
from tests.support import TenantKit, new_tenant


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashes() -> Iterator[None]:
    """Argon2's cheapest parameters (argon2.profiles.CHEAPEST, "only for testing") for the
    passwords this process hashes, as Django's docs advise for tests: every tenant and staff
    user a test makes costs a hash, and the defaults (three passes over 64 MiB) took most of
    the time of such tests on two cores. `aftersales` run as a process keeps the defaults."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))
        yield


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
        background_settle_seconds=0.05,  # what tests wait for after a write: 0.25 s by default
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


@contextmanager
def own_database(server_url: str, settings: Settings, **changes: object) -> Iterator[Services]:
    """Services on a new database of their own (their followers not started), dropped after."""
    name = f"aftersales_test_{uuid4().hex[:12]}"
    url = ensure_database(server_url, name)
    services = start_service(settings.model_copy(update={"database_url": url, **changes}))
    try:
        yield services
    finally:
        services.close()
        drop_database(server_url, name)


@pytest.fixture
def fresh_services(server_url: str, settings: Settings) -> Iterator[Callable[..., Services]]:
    """Services on a database of their own, for tests that must not share history."""
    with ExitStack() as made:
        yield lambda **changes: made.enter_context(own_database(server_url, settings, **changes))


@pytest.fixture(scope="module")
def module_services(server_url: str, settings: Settings) -> Iterator[Services]:
    """Services on a database of the module's own, their workers running: for a module whose
    followers of its own read the whole log, which on the shared database grows with every
    test. Such a module overrides `services` with it (so `tenant` is made there too)."""
    with own_database(server_url, settings) as services:
        services.workers.start()
        yield services


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
