"""Each request measured and logged, and the measurements served at /metrics."""

import logging
import time

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.deps import ServicesDep
from adapters.metrics import Metrics

log = logging.getLogger("aftersales.requests")
router = APIRouter(tags=["operations"])


class RequestRecord:
    """One log line and the metrics of each request: method, route, status, time, request id.

    The route is the template (`/v1/tickets/{ticket_id}`), so nothing personal reaches the log.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            seconds = time.perf_counter() - started
            method = scope["method"]
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(seconds)
            request_id = scope.get("state", {}).get("request_id", "-")
            log.info("%s %s %s %.1fms %s", method, route, status, seconds * 1000, request_id)


@router.get("/metrics", response_class=Response)
def metrics(services: ServicesDep) -> Response:
    """Prometheus text: requests, command latency, and the lag of projections and relay."""
    return Response(generate_latest(services.metrics.registry), media_type=CONTENT_TYPE_LATEST)
