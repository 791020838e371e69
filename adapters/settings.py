"""Settings from AFTERSALES_* environment variables (and a .env file)."""

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AFTERSALES_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None, description="PostgreSQL URL; unset runs the embedded server in data_dir"
    )
    data_dir: Path = Field(default=Path(".aftersales"), description="embedded database and keys")
    pool_size: int = Field(default=10, ge=1)
    token_secret: str | None = Field(
        default=None, min_length=32, description="signs access tokens; unset keeps one in data_dir"
    )
    token_lifetime_seconds: int = Field(default=3600, ge=60)
    login_max_failures: int = Field(default=5, ge=1, description="per username, in the window")
    login_max_failures_per_source: int = Field(default=30, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)
    staff_cache_seconds: float = Field(
        default=2.0, ge=0, description="how long other replicas may take to see a deactivation"
    )
    metrics_token: str | None = Field(
        default=None, min_length=16, description="bearer token a Prometheus scraper uses"
    )
    poll_interval_seconds: float = Field(
        default=0.5, gt=0, description="followers of the log poll at least this often"
    )
    audit_signing_key_file: Path | None = Field(
        default=None, description="Ed25519 key (PEM) signing chain checkpoints; unset: data dir"
    )
    audit_checkpoint_seconds: float = Field(
        default=300, gt=0, description="how often the chain's head is signed while events come"
    )
    read_wait_seconds: float = Field(
        default=2.0, ge=0, le=30, description="how long a query waits for Aftersales-Min-Position"
    )
    settle_seconds: float = Field(
        default=0.04,
        ge=0,
        le=1,
        description="a follower woken by new events waits this long, so they make one batch",
    )
    background_settle_seconds: float = Field(
        default=0.25,
        ge=0,
        le=5,
        description="the same for followers no one waits on at once (audit, reports, senders): "
        "on a busy log they take fewer, larger batches",
    )
    park_after_failures: int = Field(
        default=3,
        ge=1,
        description="a follower of the log parks an event that fails alone this many times in a "
        "row (not for the database or broker being away) and goes on with the next",
    )
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    create_demo_tenant: bool = Field(
        default=True, description="on a fresh embedded start, create a demo tenant and admin"
    )
    master_key: SecretStr | None = Field(
        default=None, description="base64 of the 32-byte key that wraps every data key"
    )
    master_key_file: Path | None = Field(
        default=None, description="a file holding the master key; unset keeps one in data_dir"
    )
    keystore_database_url: str | None = Field(
        default=None, description="PostgreSQL URL of the key store; unset keeps it with the events"
    )
    key_cache_size: int = Field(default=10_000, ge=0, description="data keys kept unwrapped")
    key_refresh_seconds: float = Field(
        default=1.0, gt=0, description="how soon a key destroyed by another replica stops working"
    )
    privacy_requests_per_source: int = Field(
        default=5, ge=1, description="public privacy requests one address may make in the window"
    )
    privacy_request_window_seconds: int = Field(default=3600, ge=1)
    retention_daily: bool = Field(default=True, description="apply retention policies daily")
    retention_hour: int = Field(default=2, ge=0, le=23, description="UTC hour of the daily run")
    kafka_bootstrap_servers: str | None = Field(
        default=None, description="Kafka brokers (host:port, comma-separated); unset: no relay"
    )
    kafka_topic_prefix: str = Field(
        default="aftersales", pattern=r"^[A-Za-z0-9._-]+$", description="topics: PREFIX.tickets.v1"
    )
    kafka_partitions: int = Field(default=3, ge=1, description="of each topic the relay creates")
    kafka_replication_factor: int = Field(default=1, ge=1, description="of each topic it creates")
    kafka_timeout_seconds: float = Field(
        default=30.0, gt=0, description="how long the relay waits for the broker before retrying"
    )
    channels_file: Path | None = Field(
        default=None, description="JSON or TOML: each tenant's WhatsApp, SMS and email accounts"
    )
    whatsapp_base_url: str = Field(default="https://graph.facebook.com", description="Graph API")
    whatsapp_api_version: str = Field(default="v21.0", pattern=r"^v\d+\.\d+$")
    sms_base_url: str = Field(default="https://api.bulksms.com/v1", description="BulkSMS API")
    smtp_host: str | None = Field(default=None, description="SMTP relay; unset: no email")
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_ca_file: Path | None = Field(
        default=None, description="CA certificates trusted for STARTTLS; unset: the system's"
    )
    channel_timeout_seconds: float = Field(default=15.0, gt=0, description="per provider call")
    messages_per_second: float = Field(
        default=10.0, gt=0, description="most messages each channel sends a second"
    )
    message_retry_seconds: float = Field(
        default=2.0, gt=0, description="first pause after a provider fails for now; it doubles"
    )
    message_retry_max_seconds: float = Field(default=300.0, gt=0)
    message_give_up_seconds: float = Field(
        default=6 * 3600, gt=0, description="a message not sent this long after queueing fails"
    )
    whatsapp_unknown_outcome_seconds: float = Field(
        default=120.0,
        ge=0,
        description="after a crash mid-send, how long to wait for WhatsApp's status callback",
    )
