"""`aftersales events ...`: the events the service publishes to Kafka."""

from typing import Annotated
from uuid import uuid4

import typer
from rich.console import Console

from adapters.settings import Settings

events = typer.Typer(help="Events the service publishes to Kafka.", no_args_is_help=True)
console = Console(stderr=True)


@events.command("tail")
def tail_events(
    topic: Annotated[str, typer.Option(help="e.g. aftersales.tickets.v1")],
    from_beginning: Annotated[
        bool, typer.Option(help="a group that has read nothing yet starts at the oldest event")
    ] = False,
    group: Annotated[
        str | None, typer.Option(help="consumer group; resumes where it stopped (default: new)")
    ] = None,
    count: Annotated[int | None, typer.Option(min=1, help="stop after this many")] = None,
) -> None:
    """Print the events on a topic as they arrive, one line each (Ctrl-C stops)."""
    from kafka.errors import KafkaError

    from adapters.kafka.clients import KafkaConfig
    from adapters.kafka.tail import tail

    config = KafkaConfig.from_settings(Settings())
    if config is None:
        raise typer.BadParameter("set AFTERSALES_KAFKA_BOOTSTRAP_SERVERS to the Kafka brokers")
    group = group or f"aftersales-tail-{uuid4().hex[:8]}"
    console.print(f"{topic} as consumer group {group}")
    try:
        tail(config, topic, group=group, from_beginning=from_beginning, count=count, show=print)
    except KeyboardInterrupt:
        pass
    except KafkaError as e:
        console.print(f"[red]error:[/red] Kafka at {config.servers}: {e}")
        raise SystemExit(1) from None
