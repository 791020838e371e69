"""The composition root: builds the whole service from settings."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

from adapters.audit.chain import ChainConsumer, ChainView
from adapters.audit.signing import CheckpointSigner
from adapters.channels.accounts import ChannelAccounts
from adapters.channels.wiring import channel_accounts, follow_messages
from adapters.crypto.keystore import KeyStore, MasterKeyMismatch
from adapters.crypto.master import load_master_key
from adapters.kafka.clients import KafkaConfig
from adapters.kafka.relay import Relay
from adapters.known_devices import KnownDevices
from adapters.metrics import Metrics
from adapters.postgres.database import eventsourcing_env, start_embedded
from adapters.postgres.follower import Consumer, Follower
from adapters.postgres.key_table import KeyTable
from adapters.postgres.login_throttle import PostgresLoginThrottle
from adapters.postgres.parked_events import ParkedEvents
from adapters.postgres.positions import Positions
from adapters.postgres.rate_limit import PostgresRateLimit
from adapters.secrets import secret_file
from adapters.settings import Settings
from adapters.staff_cache import StaffCache
from adapters.tokens import TokenIssuer
from commands.application import Aftersales
from projections import ALL as ALL_PROJECTIONS
from projections.audit_index.projection import AuditIndexConsumer, AuditIndexView
from projections.base import ProjectionConsumer


@dataclass
class Services:
    settings: Settings
    database_url: str
    app: Aftersales
    tokens: TokenIssuer
    throttle: PostgresLoginThrottle
    staff: StaffCache
    metrics: Metrics
    signer: CheckpointSigner
    embedded: bool
    keys: KeyStore
    privacy_requests_limit: PostgresRateLimit
    channels: ChannelAccounts
    followers: list[Follower] = field(default_factory=list)
    stoppers: list[Callable[[], None]] = field(default_factory=list)
    projections: dict[str, Follower] = field(default_factory=dict)
    relay: Relay | None = None
    parked_events: ParkedEvents | None = None

    @property
    def datastore(self) -> PostgresDatastore:
        datastore: PostgresDatastore = self.app.factory.datastore  # type: ignore[attr-defined]
        return datastore

    def follow(
        self, consumer: Consumer, *, batch_size: int = 1000, prompt: bool = False
    ) -> Follower:
        """A follower of the log for the consumer, run with the service's workers; a prompt one
        settles for `settle_seconds` when woken, the others for `background_settle_seconds`."""
        recorder = self.app.recorder
        assert isinstance(recorder, PostgresApplicationRecorder)
        follower = Follower(
            self.database_url,
            recorder,
            consumer,
            channel=recorder.channel_name,
            batch_size=batch_size,
            poll_interval=self.settings.poll_interval_seconds,
            settle=self.settings.settle_seconds
            if prompt
            else self.settings.background_settle_seconds,
            parked=self.parked_events,
        )
        self.followers.append(follower)
        return follower

    def lags(self) -> dict[str, int]:
        """How far behind the log each follower's consumer is."""
        return {f.name: f.lag() for f in self.followers}

    def parked(self) -> dict[str, int]:
        """How many events each follower that parks has parked now (and not retried or skipped)."""
        counts = self.parked_events.counts() if self.parked_events else {}
        return {f.name: counts.get(f.name, 0) for f in self.followers if f.parking is not None}

    def follower(self, name: str) -> Follower | None:
        return next((f for f in self.followers if f.name == name), None)

    def start_workers(self) -> None:
        for follower in self.followers:
            follower.start()

    def close(self) -> None:
        for stop in self.stoppers:
            stop()
        for follower in self.followers:
            follower.stop()
        if self.relay is not None:
            self.relay.close()
        self.app.close()
        self.keys.table.pool.close()


def bootstrap(settings: Settings | None = None) -> Services:
    settings = settings or Settings()
    embedded = settings.database_url is None
    url = settings.database_url or start_embedded(settings.data_dir)
    keys = open_key_store(settings, url)
    app = Aftersales(env=eventsourcing_env(url, settings.pool_size), vault=keys)
    datastore: PostgresDatastore = app.factory.datastore  # type: ignore[attr-defined]
    secret = settings.token_secret or secret_file(settings.data_dir / "token-secret")
    throttle = PostgresLoginThrottle(
        datastore,
        max_failures=settings.login_max_failures,
        max_failures_per_username=settings.login_max_failures_per_username,
        max_failures_per_source=settings.login_max_failures_per_source,
        window=timedelta(seconds=settings.login_window_seconds),
        devices=KnownDevices(secret, timedelta(days=settings.login_known_device_days)),
    )
    requests_limit = PostgresRateLimit(
        datastore,
        "privacy-requests",
        limit=settings.privacy_requests_per_source,
        window=timedelta(seconds=settings.privacy_request_window_seconds),
        key=secret,
    )
    positions = Positions(datastore)
    parked = ParkedEvents(datastore, app.mapper.transcoder, settings.park_after_failures)
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
    chain = ChainView(
        datastore, tracking_table_name="audit_chain_tracking", events_table_name=events_table
    )
    audit_index = AuditIndexView(
        datastore, tracking_table_name="audit_index_tracking", events_table_name=events_table
    )
    kafka = KafkaConfig.from_settings(settings)
    relay = Relay(kafka, datastore, app.mapper.transcoder) if kafka else None
    tokens = TokenIssuer(secret, timedelta(seconds=settings.token_lifetime_seconds))
    staff = StaffCache(app, settings.staff_cache_seconds)
    signer = CheckpointSigner.from_file(
        settings.audit_signing_key_file or settings.data_dir / "audit-signing-key.pem"
    )
    services = Services(
        settings,
        url,
        app,
        tokens,
        throttle,
        staff,
        Metrics(),
        signer,
        embedded,
        keys,
        requests_limit,
        channel_accounts(settings),
    )
    services.relay = relay
    services.parked_events = parked
    services.metrics.measure_followers(services.lags, services.parked)
    for projection, view in views:
        app.erasure_steps.append(view.erase_subject)
        app.deidentification_steps.append(view.deidentify)
        consumer = ProjectionConsumer(projection(view), app.mapper)
        services.projections[projection.name] = services.follow(consumer, prompt=projection.prompt)
    checkpoints = timedelta(seconds=settings.audit_checkpoint_seconds)
    services.follow(ChainConsumer(chain, signer, checkpoints), batch_size=5000)
    services.projections["audit_index"] = services.follow(
        AuditIndexConsumer(audit_index, app.mapper)
    )
    if relay is not None:
        services.follow(relay, prompt=True)
    follow_messages(services, positions)
    return services


def open_key_store(settings: Settings, url: str) -> KeyStore:
    """The data keys, in their own database if one is set (else with the events), under the
    configured master key; refuses a master key that did not wrap the stored keys."""
    master_key = settings.master_key.get_secret_value() if settings.master_key else None
    master = load_master_key(master_key, settings.master_key_file, settings.data_dir)
    shared = settings.keystore_database_url in (None, url)
    table = KeyTable(settings.keystore_database_url or url, shares_events_database=shared)
    keys = KeyStore(
        table,
        master,
        snapshots_table=f"{Aftersales.name.lower()}_snapshots",
        cache_size=settings.key_cache_size,
        refresh_seconds=settings.key_refresh_seconds,
    )
    try:
        keys.check_master()
    except MasterKeyMismatch:
        table.pool.close()
        raise
    return keys
