"""The composition root: builds the whole service from settings."""

from dataclasses import dataclass, field
from datetime import timedelta

import psycopg
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

from adapters.metrics import LagCollector, Metrics
from adapters.postgres.database import eventsourcing_env, start_embedded
from adapters.postgres.follower import Consumer, Follower
from adapters.postgres.login_throttle import PostgresLoginThrottle
from adapters.secrets import secret_file
from adapters.settings import Settings
from adapters.staff_cache import StaffCache
from adapters.tokens import TokenIssuer
from commands.application import Aftersales
from projections import ALL as ALL_PROJECTIONS
from projections.base import ProjectionConsumer

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
    followers: list[Follower] = field(default_factory=list)
    projections: dict[str, Follower] = field(default_factory=dict)

    @property
    def datastore(self) -> PostgresDatastore:
        datastore: PostgresDatastore = self.app.factory.datastore  # type: ignore[attr-defined]
        return datastore

    def follow(self, consumer: Consumer, *, batch_size: int = 1000) -> Follower:
        """A follower of the log for the consumer, run with the service's workers."""
        recorder = self.app.recorder
        assert isinstance(recorder, PostgresApplicationRecorder)
        follower = Follower(
            self.database_url,
            recorder,
            consumer,
            channel=recorder.channel_name,
            batch_size=batch_size,
            poll_interval=self.settings.poll_interval_seconds,
        )
        self.followers.append(follower)
        return follower

    def lags(self) -> dict[str, int]:
        """How far behind the log each follower's consumer is."""
        return {f.name: f.lag() for f in self.followers}

    def start_workers(self) -> None:
        for follower in self.followers:
            follower.start()

    def close(self) -> None:
        for follower in self.followers:
            follower.stop()
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
        events_table = app.recorder.events_table_name  # type: ignore[attr-defined]
        views = [
            (
                p,
                p.view_class(
                    datastore,
                    tracking_table_name=f"{p.name}_tracking",
                    events_table_name=events_table,
                ),
            )
            for p in ALL_PROJECTIONS
        ]
        for _, view in views:
            view.create_table()
    secret = settings.token_secret or secret_file(settings.data_dir / "token-secret")
    tokens = TokenIssuer(secret, timedelta(seconds=settings.token_lifetime_seconds))
    staff = StaffCache(app, settings.staff_cache_seconds)
    services = Services(settings, url, app, tokens, throttle, staff, Metrics(), embedded)
    services.metrics.add_collector(LagCollector(services.lags))
    for projection, view in views:
        consumer = ProjectionConsumer(projection(view), app.mapper)
        services.projections[projection.name] = services.follow(consumer)
    return services
