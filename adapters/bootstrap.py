"""The composition root: builds the whole service from settings."""

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from eventsourcing.postgres import PostgresDatastore

from adapters.audit.chain import ChainConsumer, ChainView
from adapters.audit.signing import CheckpointSigner
from adapters.channels.accounts import ChannelAccounts
from adapters.channels.wiring import channel_accounts, follow_messages
from adapters.crypto.columns import SealedColumns
from adapters.crypto.data_key_cache import DataKeyCache
from adapters.crypto.opening import open_data_keys
from adapters.digests import KeyedDigest
from adapters.kafka.clients import KafkaConfig
from adapters.kafka.relay import Relay
from adapters.known_devices import KnownDevices
from adapters.metrics import Metrics
from adapters.postgres.database import eventsourcing_env, start_embedded
from adapters.postgres.login_throttle import PostgresLoginThrottle
from adapters.postgres.parked_events import ParkedEvents
from adapters.postgres.positions import Positions
from adapters.postgres.read_model_versions import ReadModelVersions
from adapters.postgres.recorder import AftersalesRecorder
from adapters.postgres.workers import FollowerPace, Workers
from adapters.privacy_secrets import PrivacySecrets
from adapters.public_limits import PublicLimits
from adapters.secrets import secret_file
from adapters.settings import Settings
from adapters.staff_cache import StaffCache
from adapters.tokens import TokenIssuer
from commands.application import Aftersales
from domain.status_link import StatusLinkKeys, StatusLinks
from projections import ALL as ALL_PROJECTIONS
from projections.audit_index.projection import AuditIndexConsumer, AuditIndexView
from projections.base import ProjectionConsumer, ReadModelProjection
from projections.status_links.projection import StatusLinksView
from queries.read_store import ReadStore


@dataclass(frozen=True)
class Services:
    """The parts of the service, built from settings; `close` closes them all, workers first."""

    settings: Settings
    database_url: str
    app: Aftersales
    datastore: PostgresDatastore
    read_store: ReadStore  # what queries read: the read models and the keys opening them
    tokens: TokenIssuer
    throttle: PostgresLoginThrottle
    staff: StaffCache
    metrics: Metrics
    signer: CheckpointSigner
    embedded: bool
    keys: DataKeyCache
    limits: PublicLimits  # how often one address may use each public page and endpoint
    status_links: StatusLinks
    status_link_lifetime: timedelta  # how long a link works after its ticket is finished
    privacy_secrets: PrivacySecrets
    idempotency_digest: KeyedDigest
    form_digest: KeyedDigest  # the workspace's forms prove they come from its pages (CSRF)
    evidence_digest: (
        KeyedDigest  # the source of a customer's decision (a quote's): channel, address
    )
    channels: ChannelAccounts
    workers: Workers
    versions: ReadModelVersions
    parked_events: ParkedEvents
    relay: Relay | None
    close: Callable[[], None]


def bootstrap(
    settings: Settings | None = None,
    read_models: Sequence[type[ReadModelProjection[Any]]] = ALL_PROJECTIONS,
) -> Services:
    settings = settings or Settings()
    embedded = settings.database_url is None
    url = settings.database_url or start_embedded(settings.data_dir)
    keys = open_data_keys(settings, url)
    link_secret = settings.status_link_secret or secret_file(
        settings.data_dir / "status-link-secret"
    )
    link_keys = StatusLinkKeys(link_secret.encode())
    links = StatusLinks(link_keys, settings.public_url)
    env = eventsourcing_env(url, settings.pool_size)
    app = Aftersales(env=env, data_keys=keys, status_links=links)
    datastore: PostgresDatastore = app.factory.datastore  # type: ignore[attr-defined]
    secret = settings.token_secret or secret_file(settings.data_dir / "token-secret")
    throttle = PostgresLoginThrottle(
        datastore,
        max_failures=settings.login_max_failures,
        max_failures_per_username=settings.login_max_failures_per_username,
        max_failures_per_source=settings.login_max_failures_per_source,
        window=timedelta(seconds=settings.login_window_seconds),
        devices=KnownDevices(secret, timedelta(days=settings.login_known_device_days)),
        digest=KeyedDigest(secret, "login failures"),
    )
    recorder = app.recorder
    assert isinstance(recorder, AftersalesRecorder)
    recorder.answers_kept = timedelta(hours=settings.idempotency_hours)
    positions = Positions(datastore)
    parked = ParkedEvents(datastore, app.mapper.transcoder, settings.park_after_failures)
    events_table = app.recorder.events_table_name  # type: ignore[attr-defined]
    columns = SealedColumns(keys)
    views = [
        (
            p,
            p.view_class(
                datastore,
                tracking_table_name=p.read_model_version().tracking_table,
                events_table_name=events_table,
                columns=columns,
            ),
        )
        for p in read_models
    ]
    chain = ChainView(
        datastore, tracking_table_name="audit_chain_tracking", events_table_name=events_table
    )
    audit_index = AuditIndexView(
        datastore, tracking_table_name="audit_index_tracking", events_table_name=events_table
    )
    kafka = KafkaConfig.from_settings(settings)
    relay = Relay(kafka, datastore, app.mapper.transcoder) if kafka else None
    signer = CheckpointSigner.from_file(
        settings.audit_signing_key_file or settings.data_dir / "audit-signing-key.pem"
    )
    channels = channel_accounts(settings)
    pace = FollowerPace(
        settings.poll_interval_seconds, settings.settle_seconds, settings.background_settle_seconds
    )
    workers = Workers(url, recorder, pace, parked)
    versions = ReadModelVersions(url, recorder.max_notification_id, settings.poll_interval_seconds)
    for projection, view in views:
        if isinstance(view, StatusLinksView):
            view.keys = link_keys
        versions.serve(projection.read_model_version(), view.position)
        app.erasure_steps.append(view.erase_subject)
        app.deidentification_steps.append(view.deidentify)
        consumer = ProjectionConsumer(projection(view), app.mapper)
        workers.projections[projection.name] = workers.follow(consumer, prompt=projection.prompt)
    checkpoints = timedelta(seconds=settings.audit_checkpoint_seconds)
    workers.follow(ChainConsumer(chain, signer, checkpoints), batch_size=5000)
    audit_consumer = AuditIndexConsumer(audit_index, app.mapper)
    workers.projections[audit_consumer.name] = workers.follow(audit_consumer)
    if relay is not None:
        workers.follow(relay, prompt=True)
    follow_messages(workers, app, channels, settings, positions)
    metrics = Metrics()
    metrics.measure_followers(workers.lags, workers.parked)
    closing = ExitStack()
    closing.callback(versions.close)  # last: no version is dropped while this process serves it
    closing.callback(keys.table.pool.close)
    closing.callback(app.close)
    if relay is not None:
        closing.callback(relay.close)
    closing.callback(workers.stop)
    return Services(
        settings=settings,
        database_url=url,
        app=app,
        datastore=datastore,
        read_store=ReadStore(datastore, columns),
        tokens=TokenIssuer(secret, timedelta(seconds=settings.token_lifetime_seconds)),
        throttle=throttle,
        staff=StaffCache(app, settings.staff_cache_seconds),
        metrics=metrics,
        signer=signer,
        embedded=embedded,
        keys=keys,
        limits=PublicLimits.of(datastore, settings, secret),
        status_links=links,
        status_link_lifetime=timedelta(days=settings.status_link_days_after_closure),
        privacy_secrets=PrivacySecrets(secret, settings.public_url),
        idempotency_digest=KeyedDigest(secret, "idempotency"),
        form_digest=KeyedDigest(secret, "workspace forms"),
        evidence_digest=KeyedDigest(secret, "decision sources"),
        channels=channels,
        workers=workers,
        versions=versions,
        parked_events=parked,
        relay=relay,
        close=closing.close,
    )
