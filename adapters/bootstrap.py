"""The composition root: builds the whole service from settings."""

from dataclasses import dataclass
from datetime import timedelta

import psycopg
from eventsourcing.postgres import PostgresDatastore

from adapters.metrics import Metrics
from adapters.postgres.database import eventsourcing_env, start_embedded
from adapters.postgres.login_throttle import PostgresLoginThrottle
from adapters.secrets import secret_file
from adapters.settings import Settings
from adapters.staff_cache import StaffCache
from adapters.tokens import TokenIssuer
from commands.application import Aftersales

SCHEMA_LOCK = 7_201_100  # advisory lock held while one process creates the schema


@dataclass
class Services:
    settings: Settings
    database_url: str
    app: Aftersales
    tokens: TokenIssuer
    throttle: PostgresLoginThrottle
    staff: StaffCache
    metrics: Metrics
    embedded: bool

    @property
    def datastore(self) -> PostgresDatastore:
        datastore: PostgresDatastore = self.app.factory.datastore  # type: ignore[attr-defined]
        return datastore

    def close(self) -> None:
        self.app.close()


def bootstrap(settings: Settings | None = None) -> Services:
    settings = settings or Settings()
    embedded = settings.database_url is None
    url = settings.database_url or start_embedded(settings.data_dir)
    with psycopg.connect(url, autocommit=True) as lock:
        lock.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        app = Aftersales(env=eventsourcing_env(url, settings.pool_size))
        datastore: PostgresDatastore = app.factory.datastore  # type: ignore[attr-defined]
        throttle = PostgresLoginThrottle(
            datastore,
            max_failures=settings.login_max_failures,
            max_failures_per_source=settings.login_max_failures_per_source,
            window=timedelta(seconds=settings.login_window_seconds),
        )
        throttle.create_table()
    secret = settings.token_secret or secret_file(settings.data_dir / "token-secret")
    tokens = TokenIssuer(secret, timedelta(seconds=settings.token_lifetime_seconds))
    staff = StaffCache(app, settings.staff_cache_seconds)
    return Services(settings, url, app, tokens, throttle, staff, Metrics(), embedded)
