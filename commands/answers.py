"""What a command answers: the aggregate written, its new version, and the log position reached."""

from uuid import UUID

from pydantic import BaseModel, ConfigDict


class Written(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: UUID
    version: int
    position: int | None = None


class OpenedTicket(Written):
    number: str
