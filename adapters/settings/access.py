"""Who may call: access tokens, the limits on failed logins and public requests, how long a
replica trusts its copy of a staff member, and the metrics scraper's token."""

from pydantic import BaseModel, Field


class AccessSettings(BaseModel):
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
    privacy_requests_per_source: int = Field(
        default=5, ge=1, description="public privacy requests one address may make in the window"
    )
    privacy_request_window_seconds: int = Field(
        default=3600, ge=1, description="the window that limit counts in"
    )
    privacy_checks_per_source: int = Field(
        default=30,
        ge=1,
        description="verification codes, new codes and export downloads one address may try in "
        "the privacy request window",
    )
