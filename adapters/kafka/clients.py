"""Kafka clients as Aftersales uses them: the relay's producer, its topics, and readers."""

from dataclasses import dataclass

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.errors import TopicAlreadyExistsError, for_code

from adapters.settings import Settings

LINGER_MS = 5


@dataclass(frozen=True)
class KafkaConfig:
    servers: str
    prefix: str = "aftersales"
    partitions: int = 3
    replication_factor: int = 1
    timeout_seconds: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> "KafkaConfig | None":
        """The configuration, when a broker is configured; None when publishing is off."""
        if not settings.kafka_bootstrap_servers:
            return None
        return cls(
            settings.kafka_bootstrap_servers,
            settings.kafka_topic_prefix,
            settings.kafka_partitions,
            settings.kafka_replication_factor,
            settings.kafka_timeout_seconds,
        )

    @property
    def bootstrap(self) -> list[str]:
        return [server.strip() for server in self.servers.split(",") if server.strip()]

    @property
    def timeout_ms(self) -> int:
        return int(self.timeout_seconds * 1000)


def producer(config: KafkaConfig) -> KafkaProducer:
    """Every message acknowledged by all in-sync replicas; retried, in order, without duplicates
    within one producer session (idempotent); failing after the configured timeout."""
    return KafkaProducer(
        bootstrap_servers=config.bootstrap,
        acks="all",
        enable_idempotence=True,
        max_in_flight_requests_per_connection=5,
        linger_ms=LINGER_MS,
        batch_size=256 * 1024,
        allow_auto_create_topics=False,
        bootstrap_timeout_ms=config.timeout_ms,
        max_block_ms=config.timeout_ms,
        request_timeout_ms=config.timeout_ms,
        delivery_timeout_ms=config.timeout_ms + LINGER_MS,  # at least linger + request
    )


def create_topics(config: KafkaConfig, topics: list[str]) -> None:
    """Create the topics with the configured partitions and replication; existing ones stay."""
    admin = KafkaAdminClient(
        bootstrap_servers=config.bootstrap,
        bootstrap_timeout_ms=config.timeout_ms,
        request_timeout_ms=config.timeout_ms,
    )
    try:
        answer = admin.create_topics(
            {
                topic: {
                    "num_partitions": config.partitions,
                    "replication_factor": config.replication_factor,
                }
                for topic in topics
            },
            raise_errors=False,
        )
    finally:
        admin.close()
    for topic in answer["topics"]:
        error = for_code(topic["error_code"])
        if topic["error_code"] and error is not TopicAlreadyExistsError:
            raise error(f"{topic['name']}: {topic['error_message']}")


def reader(config: KafkaConfig, topic: str, *, group: str, from_beginning: bool) -> KafkaConsumer:
    """A consumer-group reader of a topic, committing what it has read as it goes.

    A short session and poll interval (6 s) keep joining the group quick on brokers that wait
    out those timeouts on a join (Tansu); an operator's reader needs no longer."""
    return KafkaConsumer(
        topic,
        bootstrap_servers=config.bootstrap,
        group_id=group,
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=True,
        allow_auto_create_topics=False,
        max_poll_interval_ms=6000,
        session_timeout_ms=6000,
        heartbeat_interval_ms=2000,
    )
