"""Tickets' status links: the secret they are derived with, how long they work after a ticket
is finished, and the pace of lookups."""

from pydantic import BaseModel, Field


class StatusLinkSettings(BaseModel):
    status_link_secret: str | None = Field(
        default=None,
        min_length=32,
        description="derives tickets' status links (32+ characters); unset: a generated file "
        "in the data dir. Set it when several replicas serve; changing it ends every link "
        "(rebuild the status links' read model after)",
    )
    status_link_days_after_closure: int = Field(
        default=30,
        ge=0,
        le=3650,
        description="days a status link keeps working after its ticket is closed or cancelled "
        "(0: it stops then); a reopening revives it",
    )
    status_link_lookups_per_source: int = Field(
        default=60,
        ge=1,
        description="status pages (and their live streams) one address may open in the window; "
        "then 429",
    )
    status_link_window_seconds: int = Field(
        default=60, ge=1, description="the window that limit counts in"
    )
