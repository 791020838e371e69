"""Is the process up, and is it ready to serve."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from adapters.http.deps import ServicesDep

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", responses={503: {}})
def readyz(services: ServicesDep) -> JSONResponse:
    """Ready when the database answers; says how far behind the log each follower is and how
    many events each has parked. Parked events make it `degraded`, still 200: the replica serves
    (what a parked event leaves stale says so), and taking every replica out of a load balancer
    over one event would stop everything that parking keeps going. Not ready (503) while a read
    model it serves is at a version still being built (or retired): the other replicas answer."""
    try:
        services.app.recorder.max_notification_id()
        lags = services.workers.lags()
        parked = services.workers.parked()
    except Exception:  # noqa: BLE001 - any failure means not ready
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    status = "degraded" if any(parked.values()) else "ready"
    body = {"status": status, "database": "ok", "lag": lags, "parked": parked}
    if elsewhere := services.versions.not_answering():
        return JSONResponse({**body, "status": "unavailable", "versions": elsewhere}, 503)
    return JSONResponse(body)
