"""The shapes of values commands accept, shared by every command that takes them."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from domain.values import email_address, phone_number, serial_number

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Phone = Annotated[str, StringConstraints(max_length=32), AfterValidator(phone_number)]
Email = Annotated[str, StringConstraints(max_length=254), AfterValidator(email_address)]
Serial = Annotated[str, StringConstraints(max_length=64), AfterValidator(serial_number)]


class Body(BaseModel):
    """What a client sends for a command: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)
