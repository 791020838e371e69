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
    """Ready when the database answers."""
    try:
        with services.datastore.transaction(commit=False) as curs:
            curs.execute("SELECT 1")
    except Exception as e:  # noqa: BLE001 - any failure means not ready
        return JSONResponse({"status": "unavailable", "database": str(e)}, status_code=503)
    return JSONResponse({"status": "ready", "database": "ok"})
