"""Settings from AFTERSALES_* environment variables (and a .env file).

The README's settings table is made from this class: `python -m adapters.settings_table`."""

from pathlib import Path
from typing import Annotated, Self

from psycopg.conninfo import make_conninfo
from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AFTERSALES_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL (or libpq conninfo) of the service's database; unset: the "
        "parts below when `AFTERSALES_DATABASE_HOST` is set, else the embedded server in the data "
        "dir",
    )
    database_host: str | None = Field(
        default=None,
        description="the database in parts instead of a URL, so no character of the password "
        "needs escaping: its host, with the port, name, user and password below",
    )
    database_port: int = Field(default=5432, ge=1, le=65535, description="its port")
    database_name: str = Field(default="aftersales", min_length=1, description="its name")
    database_user: str = Field(default="aftersales", min_length=1, description="its user")
    database_password: SecretStr | None = Field(default=None, description="that user's password")
    database_password_file: Path | None = Field(
        default=None,
        description="a file holding that password instead (a Docker or Kubernetes secret); a line "
        "break at its end is not part of it",
    )
    data_dir: Path = Field(
        default=Path(".aftersales"),
        description="embedded database, demo login, generated secrets and keys",
    )
    pool_size: int = Field(
        default=10, ge=1, description="database connections (and as many again on demand)"
    )
    token_secret: str | None = Field(
        default=None,
        min_length=32,
        description="signs access tokens (32+ characters); unset: a generated file in the data "
        "dir. Set it when several replicas serve",
    )
    token_lifetime_seconds: int = Field(
        default=3600, ge=60, description="how long an access token works"
    )
    login_max_failures: int = Field(
        default=5,
        ge=1,
        description="failed logins for a username from one address (or one known device) in "
        "the window; then that address (or device) gets 429",
    )
    login_max_failures_per_username: int = Field(
        default=10,
        ge=1,
        description="failed logins for a username from devices it does not know, from any "
        "address, in the window; then only its known devices may try",
    )
    login_max_failures_per_source: int = Field(
        default=30, ge=1, description="failed logins from one address, for any usernames"
    )
    login_window_seconds: int = Field(
        default=300, ge=1, description="how long a failed login counts against the limits"
    )
    login_known_device_days: int = Field(
        default=30,
        ge=1,
        description="how long a device that signed in as a user stays known (a signed cookie)",
    )
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=list,
        description="addresses or CIDRs (comma-separated) of reverse proxies whose "
        "X-Forwarded-For names the client; unset: the connecting address is the client's",
    )
    staff_cache_seconds: float = Field(
        default=2.0,
        ge=0,
        description="how long a replica trusts its copy of a staff member: the longest other "
        "replicas take to see a deactivation or a role change",
    )
    metrics_token: str | None = Field(
        default=None,
        min_length=16,
        description="bearer token (16+ characters) a Prometheus scraper uses for `/metrics`; "
        "unset: only admins' and auditors' own tokens",
    )
    poll_interval_seconds: float = Field(
        default=0.5,
        gt=0,
        description="followers of the log (projections, relay, senders) look at it at least this "
        "often, notified or not",
    )
    audit_signing_key_file: Path | None = Field(
        default=None,
        description="Ed25519 key (PEM) signing chain checkpoints; unset: "
        "`audit-signing-key.pem` in the data dir. Share it between replicas",
    )
    audit_checkpoint_seconds: float = Field(
        default=300, gt=0, description="how often the chain's head is signed while events come"
    )
    read_wait_seconds: float = Field(
        default=2.0,
        ge=0,
        le=30,
        description="how long a query waits for the read models to show the caller's own last "
        "write or `Aftersales-Min-Position` before it answers 503",
    )
    settle_seconds: float = Field(
        default=0.04,
        ge=0,
        le=1,
        description="a follower of a read model staff read as they work (ticket queue, ticket "
        "detail, customer directory) or the Kafka relay, woken by new events, waits this long "
        "first, so a burst makes one batch",
    )
    background_settle_seconds: float = Field(
        default=0.25,
        ge=0,
        le=5,
        description="the same for the other followers (audit, reports, retention, device "
        "history, staff and request lists, message senders): on a busy log they take fewer, "
        "larger batches",
    )
    max_body_bytes: int = Field(
        default=256 * 1024, ge=1024, description="larger request bodies get 413"
    )
    request_read_timeout_seconds: float = Field(
        default=15.0,
        gt=0,
        le=300,
        description="the longest a client may take to send a request's headers, and then its "
        "body; a slower body gets 408, slower headers a closed connection",
    )
    keep_alive_seconds: int = Field(
        default=5,
        ge=1,
        le=3600,
        description="an idle keep-alive connection is closed after this; behind a proxy or load "
        "balancer, set it above the proxy's own idle timeout",
    )
    park_after_failures: int = Field(
        default=3,
        ge=1,
        description="a follower of the log parks an event that fails alone this many times in a "
        "row (not for the database or broker being away) and goes on with the next",
    )
    create_demo_tenant: bool = Field(
        default=True,
        description="on a fresh embedded start, create a demo tenant and admin (the password is "
        "printed and kept in `demo-admin-password` in the data dir)",
    )
    master_key: SecretStr | None = Field(
        default=None,
        description="base64 of the 32-byte master key that wraps every data key; set it (or the "
        "file) when several replicas serve",
    )
    master_key_file: Path | None = Field(
        default=None,
        description="a file holding the master key; unset: `master-key` in the data dir, made on "
        "first start",
    )
    keystore_database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL of the key store; unset: the service's database",
    )
    key_cache_size: int = Field(
        default=10_000, ge=0, description="data keys each process keeps unwrapped in memory"
    )
    key_refresh_seconds: float = Field(
        default=1.0,
        gt=0,
        description="how soon a key destroyed by another replica stops working here",
    )
    privacy_requests_per_source: int = Field(
        default=5, ge=1, description="public privacy requests one address may make in the window"
    )
    privacy_request_window_seconds: int = Field(
        default=3600, ge=1, description="the window that limit counts in"
    )
    retention_daily: bool = Field(default=True, description="apply retention policies daily")
    retention_hour: int = Field(default=2, ge=0, le=23, description="UTC hour of the daily run")
    kafka_bootstrap_servers: str | None = Field(
        default=None,
        description="Kafka brokers (`host:port`, comma-separated) the relay publishes "
        "every event to; unset: no publishing",
    )
    kafka_topic_prefix: str = Field(
        default="aftersales",
        pattern=r"^[A-Za-z0-9._-]+$",
        description="topics are `PREFIX.tickets.v1`, `PREFIX.customers.v1`, ...",
    )
    kafka_partitions: int = Field(
        default=3, ge=1, description="partitions of each topic the relay creates"
    )
    kafka_replication_factor: int = Field(
        default=1, ge=1, description="replicas of each topic the relay creates"
    )
    kafka_timeout_seconds: float = Field(
        default=30.0,
        gt=0,
        description="how long the relay waits for the broker before it retries a batch",
    )
    channels_file: Path | None = Field(
        default=None,
        description="JSON or TOML file of each tenant's WhatsApp, SMS and email accounts "
        "(docs/messaging.md); unset: no channels",
    )
    whatsapp_base_url: str = Field(
        default="https://graph.facebook.com", description="Meta's Graph API"
    )
    whatsapp_api_version: str = Field(
        default="v21.0", pattern=r"^v\d+\.\d+$", description="the Graph API version used"
    )
    sms_base_url: str = Field(
        default="https://api.bulksms.com/v1", description="BulkSMS's JSON API"
    )
    smtp_host: str | None = Field(
        default=None, description="the SMTP relay (STARTTLS required); unset: no email"
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="its port")
    smtp_username: str | None = Field(default=None, description="its login, if it wants one")
    smtp_password: SecretStr | None = Field(default=None, description="that login's password")
    smtp_ca_file: Path | None = Field(
        default=None, description="CA certificates trusted for STARTTLS; unset: the system's"
    )
    channel_timeout_seconds: float = Field(
        default=15.0, gt=0, description="each call to a provider"
    )
    messages_per_second: float = Field(
        default=10.0, gt=0, description="most messages each channel sends a second"
    )
    message_retry_seconds: float = Field(
        default=2.0, gt=0, description="first pause after a provider fails for now; it doubles"
    )
    message_retry_max_seconds: float = Field(
        default=300.0, gt=0, description="the longest that pause grows to"
    )
    message_give_up_seconds: float = Field(
        default=6 * 3600,
        gt=0,
        description="a message not sent this long after queueing fails (`expired`)",
    )
    whatsapp_unknown_outcome_seconds: float = Field(
        default=120.0,
        ge=0,
        description="after a crash mid-send, how long to wait for WhatsApp's status callback "
        "before sending again",
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [proxy.strip() for proxy in value.split(",") if proxy.strip()]
        return value

    @model_validator(mode="after")
    def _database_from_parts(self) -> Self:
        """With `database_host` set, the URL is made from the parts, each quoted as libpq wants."""
        if self.database_host is None:
            return self
        if self.database_url is not None:
            raise ValueError("set AFTERSALES_DATABASE_URL or AFTERSALES_DATABASE_HOST, not both")
        password = self.database_password.get_secret_value() if self.database_password else None
        if self.database_password_file is not None:
            try:
                password = self.database_password_file.read_text().removesuffix("\n")
            except OSError as e:
                raise ValueError(f"AFTERSALES_DATABASE_PASSWORD_FILE: {e.strerror}") from None
        self.database_url = make_conninfo(
            host=self.database_host,
            port=self.database_port,
            dbname=self.database_name,
            user=self.database_user,
            password=password,
        )
        return self
