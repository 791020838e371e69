"""The service with a broker configured: it runs the relay, reports its lag, and operators tail."""

import os
import subprocess
import sys
import time
from pathlib import Path
from uuid import uuid4

from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from adapters.http.app import create_app
from adapters.kafka.catalogue import topic_names
from adapters.kafka.relay import Relay
from adapters.settings import Settings
from adapters.startup import start_service
from domain.values import Role
from tests.broker import LocalBroker
from tests.reading import expected_events, having, read
from tests.relaying import config_for, follower_for, relay_for, workshop_day
from tests.support import TenantKit

CLI = Path(sys.executable).parent / "aftersales"
LAG = 'aftersales_follower_lag_events{follower="kafka_relay"}'


def test_the_service_runs_the_relay_and_shows_its_lag(
    settings: Settings, tenant: TenantKit, broker: LocalBroker
) -> None:
    prefix = f"svc{uuid4().hex[:8]}"
    configured = settings.model_copy(
        update={
            "kafka_bootstrap_servers": broker.servers,
            "kafka_topic_prefix": prefix,
            "kafka_timeout_seconds": 3,
        }
    )
    workshop_day(tenant)
    auditor = tenant.headers(Role.AUDITOR)
    services = start_service(configured)
    try:
        with TestClient(create_app(services)) as client:
            behind = client.get("/readyz").json()["lag"]["kafka_relay"]
            metrics = client.get("/metrics", headers=auditor).text
            assert behind > 0 and f"{LAG} {float(behind)}" in metrics

            services.workers.start()
            deadline = time.monotonic() + 30
            while client.get("/readyz").json()["lag"]["kafka_relay"]:
                assert time.monotonic() < deadline, "the relay did not catch up"
                time.sleep(0.1)
            assert f"{LAG} 0.0" in client.get("/metrics", headers=auditor).text
        assert services.relay is not None
        received = read(services.relay.config, having(expected_events(services)))
        # the workshop day sends the customer no message (other tests in the log may): every
        # other topic has its events
        topics, every = {m.topic for m in received}, set(topic_names(prefix))
        assert every - {f"{prefix}.messages.v1"} <= topics <= every
    finally:
        services.close()


def tail(broker: LocalBroker, topic: str, group: str, count: int) -> list[str]:
    env = {**os.environ, "AFTERSALES_KAFKA_BOOTSTRAP_SERVERS": broker.servers}
    options = ["--topic", topic, "--from-beginning", "--group", group, "--count", str(count)]
    done = subprocess.run(
        [str(CLI), "events", "tail", *options], env=env, capture_output=True, text=True, timeout=90
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_events_tail_prints_a_topics_events_and_a_group_resumes_where_it_stopped(
    services: Services, tenant: TenantKit, broker: LocalBroker
) -> None:
    workshop_day(tenant)
    config = config_for(broker)
    relay = relay_for(services, config, Relay)
    follower_for(services, relay).catch_up()
    relay.close()
    topic = topic_names(config.prefix)[0]
    on_topic = [m for m in read(config, having(expected_events(services))) if m.topic == topic]
    group = f"ops-{uuid4().hex[:6]}"

    first = tail(broker, topic, group, len(on_topic) - 1)
    rest = tail(broker, topic, group, 1)

    assert all(line.startswith(f"{topic}[") and " Ticket." in line for line in first + rest)
    events = {f"{m.value['aggregate_id']} v{m.value['aggregate_version']}" for m in on_topic}
    shown = [next(e for e in events if e in line) for line in first + rest]
    assert sorted(shown) == sorted(events)
