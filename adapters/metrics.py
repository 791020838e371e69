"""What the service measures, for Prometheus: requests, their latency, and command latency.

Other parts of the service add what they measure with `Metrics.add_collector`.
"""

from prometheus_client import CollectorRegistry, Counter, Histogram
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
