"""Health, readiness and metrics."""

from fastapi.testclient import TestClient

from domain.values import Role
from projections import ALL
from tests.support import TenantKit, caught_up


def test_health_and_readiness_answer_without_a_token(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "ok"


def test_readiness_and_metrics_show_each_projections_lag(
    client: TestClient, tenant: TenantKit
) -> None:
    names = {p.read_model_version().follower for p in ALL}  # ticket_queue_v2, ...
    caught_up(tenant.services)
    lag = client.get("/readyz").json()["lag"]
    assert {name: lag[name] for name in names} == dict.fromkeys(names, 0)
    follower = tenant.services.workers.projections["ticket_queue"]
    follower.stop()
    try:
        tenant.member(Role.TECHNICIAN, Role.AUDITOR)
        assert client.get("/readyz").json()["lag"][follower.name] > 0
        metrics = client.get("/metrics", headers=tenant.headers(Role.AUDITOR)).text
        gauge = f'aftersales_follower_lag_events{{follower="{follower.name}"}}'
        assert float(metrics.split(gauge)[1].split()[0]) > 0
    finally:
        follower.start()
    caught_up(tenant.services)


def test_metrics_count_requests_for_admins_and_auditors_only(
    client: TestClient, tenant: TenantKit
) -> None:
    client.get("/v1/me", headers=tenant.headers(Role.AGENT))
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=tenant.headers(Role.AGENT)).status_code == 403
    metrics = client.get("/metrics", headers=tenant.headers(Role.AUDITOR))
    assert metrics.status_code == 200
    assert (
        'aftersales_http_requests_total{method="GET",route="/v1/me",status="200"}' in metrics.text
    )


def test_every_answer_carries_a_request_id(client: TestClient) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = client.get("/healthz", headers={"X-Request-ID": "not ok; " * 20})
    assert made.headers["x-request-id"] != "abc-123" and len(made.headers["x-request-id"]) == 32
