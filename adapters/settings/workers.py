"""What the workers do and how fast: the followers of the log (projections, relay, senders),
the audit chain's signed checkpoints, and the daily retention run."""

from pathlib import Path

from pydantic import BaseModel, Field


class WorkerSettings(BaseModel):
    poll_interval_seconds: float = Field(
        default=0.5,
        gt=0,
        description="followers of the log (projections, relay, senders) look at it at least this "
        "often, notified or not",
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
    park_after_failures: int = Field(
        default=3,
        ge=1,
        description="a follower of the log parks an event that fails alone this many times in a "
        "row (not for the database or broker being away) and goes on with the next",
    )
    audit_signing_key_file: Path | None = Field(
        default=None,
        description="Ed25519 key (PEM) signing chain checkpoints; unset: "
        "`audit-signing-key.pem` in the data dir. Share it between replicas",
    )
    audit_checkpoint_seconds: float = Field(
        default=300, gt=0, description="how often the chain's head is signed while events come"
    )
    retention_daily: bool = Field(default=True, description="apply retention policies daily")
    retention_hour: int = Field(default=2, ge=0, le=23, description="UTC hour of the daily run")
