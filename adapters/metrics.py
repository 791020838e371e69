"""What the service measures, for Prometheus: requests, their latency, command latency, and the
followers of the log: their lag and the events they parked.

Other parts of the service add what they measure with `Metrics.add_collector`.
"""

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "aftersales_http_requests",
            "HTTP requests answered",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "aftersales_http_request_seconds",
            "Time to answer an HTTP request",
            ["method", "route"],
            registry=self.registry,
        )
        self.commands = Histogram(
            "aftersales_command_seconds",
            "Time to carry out a command",
            ["command"],
            registry=self.registry,
        )

    def add_collector(self, collector: Collector) -> None:
        self.registry.register(collector)

    def measure_followers(
        self, lags: Callable[[], dict[str, int]], parked: Callable[[], dict[str, int]]
    ) -> None:
        self.add_collector(
            FollowerGauge(
                "aftersales_follower_lag_events",
                "Events between the head of the log and what a follower has consumed",
                lags,
            )
        )
        self.add_collector(
            FollowerGauge(
                "aftersales_parked_events",
                "Events a follower has parked (failed on again and again, and set aside) that "
                "are not yet retried or skipped",
                parked,
            )
        )


class FollowerGauge(Collector):
    """A figure of every follower of the log (projections, relay, workers), read when scraped:
    how far behind it is, how many events it has parked."""

    def __init__(self, name: str, documentation: str, read: Callable[[], dict[str, int]]) -> None:
        self.name = name
        self.documentation = documentation
        self.read = read

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(self.name, self.documentation, labels=["follower"])
        for follower, value in self.read().items():
            gauge.add_metric([follower], value)
        yield gauge
