"""How the API takes requests: its public address, the proxies it trusts, the limits on a
request's size and pace, keep-alive, and how long a query waits for the read models."""

from typing import Annotated

from pydantic import BaseModel, Field, IPvAnyNetwork, field_validator
from pydantic_settings import NoDecode


class HttpSettings(BaseModel):
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        pattern=r"^https?://[^\s/?#]+(?:/[^\s?#]*)?$",
        description="the service's address as the public reaches it: links sent to customers "
        "(status links, privacy export links) start with it, never with a request's Host",
    )
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=list,
        description="addresses or CIDRs (comma-separated) of reverse proxies whose "
        "X-Forwarded-For names the client; unset: the connecting address is the client's",
    )
    read_wait_seconds: float = Field(
        default=2.0,
        ge=0,
        le=30,
        description="how long a query waits for the read models to show the caller's own last "
        "write or `Aftersales-Min-Position` before it answers 503",
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
    idempotency_hours: int = Field(
        default=24,
        ge=1,
        le=24 * 30,
        description="how long the answer to a write sent with an Idempotency-Key is kept for its "
        "retries; the `work` process deletes it then, and a retry after that is a new request",
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [proxy.strip() for proxy in value.split(",") if proxy.strip()]
        return value
