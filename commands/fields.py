"""What a client sends for a command; the values in it are defined in domain/fields.py."""

from pydantic import BaseModel, ConfigDict


class Body(BaseModel):
    """What a client sends for a command: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)
