"""How often one source address may use each public page and endpoint (those with no sign-in)."""

from dataclasses import dataclass
from datetime import timedelta

from eventsourcing.postgres import PostgresDatastore

from adapters.postgres.rate_limit import PostgresRateLimit
from adapters.settings import Settings


@dataclass(frozen=True)
class PublicLimits:
    privacy_requests: PostgresRateLimit  # public privacy requests made
    privacy_checks: PostgresRateLimit  # codes entered, new codes, export downloads
    status_pages: PostgresRateLimit  # status pages (and their live streams) opened

    @classmethod
    def of(cls, datastore: PostgresDatastore, settings: Settings, key: str) -> "PublicLimits":
        """The limits as set; `key` keys the hashes the addresses are kept as."""

        def limit(bucket: str, per_source: int, window_seconds: int) -> PostgresRateLimit:
            window = timedelta(seconds=window_seconds)
            return PostgresRateLimit(datastore, bucket, limit=per_source, window=window, key=key)

        privacy_window = settings.privacy_request_window_seconds
        return cls(
            privacy_requests=limit(
                "privacy-requests", settings.privacy_requests_per_source, privacy_window
            ),
            privacy_checks=limit(
                "privacy-checks", settings.privacy_checks_per_source, privacy_window
            ),
            status_pages=limit(
                "status-pages",
                settings.status_link_lookups_per_source,
                settings.status_link_window_seconds,
            ),
        )
