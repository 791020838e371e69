"""Each request measured and logged, and the measurements served at /metrics."""

import hmac
import logging
import time

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.deps import BearerToken, ServicesDep, caller, query_context_of
from adapters.metrics import Metrics
from domain.access import AUDIT
from domain.context import authorize

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


@router.get("/metrics", response_class=Response, responses={401: {}, 403: {}})
def metrics(request: Request, services: ServicesDep, token: BearerToken) -> Response:
    """Prometheus text: requests, command latency, projection and relay lag.

    For the scraper's AFTERSALES_METRICS_TOKEN, or an admin's or auditor's own token.
    """
    scraper = services.settings.metrics_token
    if not (scraper and token and hmac.compare_digest(token.encode(), scraper.encode())):
        authorize(query_context_of(caller(services, token), request), AUDIT)
    return Response(generate_latest(services.metrics.registry), media_type=CONTENT_TYPE_LATEST)
