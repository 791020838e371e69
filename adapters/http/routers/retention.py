"""The tenant's retention policy."""

from fastapi import APIRouter

from adapters.http.deps import may
from adapters.http.reading import ReaderDep
from adapters.http.writes import WriterDep
from commands.answers import Written
from commands.privacy import RetentionChange, SetRetention
from domain.access import EXPORTERS
from queries.retention_policy import RetentionPolicyPublic, retention_policy

router = APIRouter(prefix="/v1/retention-policy", tags=["privacy"])


@router.get("", dependencies=[may(EXPORTERS)])
async def get_policy(read: ReaderDep) -> RetentionPolicyPublic:
    return await read(retention_policy)


@router.put("", dependencies=[may(SetRetention)])
def set_policy(body: RetentionChange, write: WriterDep) -> Written:
    """Days to keep customers with no open ticket and no activity, and closed tickets' free
    text; null keeps them. `aftersales retention run` and the daily run apply it."""
    return write(SetRetention.from_body(body))
