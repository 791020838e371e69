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
    """Ready when the database answers; says how far behind the log each follower is."""
    try:
        services.app.recorder.max_notification_id()
        lags = services.lags()
    except Exception:  # noqa: BLE001 - any failure means not ready
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ready", "database": "ok", "lag": lags})
