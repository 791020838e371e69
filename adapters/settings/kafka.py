"""Publishing to Kafka: the brokers, the topics the relay creates, and its patience."""

from pydantic import BaseModel, Field


class KafkaSettings(BaseModel):
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
