"""What the service measures, for Prometheus: requests, their latency, and command latency.

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


class LagCollector(Collector):
    """The lag of every follower of the log (projections, relay, workers), read when scraped."""

    def __init__(self, lags: Callable[[], dict[str, int]]) -> None:
        self.lags = lags

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(
            "aftersales_follower_lag_events",
            "Events between the head of the log and what a follower has consumed",
            labels=["follower"],
        )
        for name, lag in self.lags().items():
            gauge.add_metric([name], lag)
        yield gauge
