"""Settings from AFTERSALES_* environment variables (and a .env file)."""

from pathlib import Path

from pydantic import Field
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
    read_wait_seconds: float = Field(
        default=2.0, ge=0, le=30, description="how long a query waits for Aftersales-Min-Position"
    )
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    create_demo_tenant: bool = Field(
        default=True, description="on a fresh embedded start, create a demo tenant and admin"
    )
