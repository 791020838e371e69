"""Messages to customers: the tenants' channel accounts, the providers' endpoints, and the pace,
retries and patience of the senders."""

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr


class MessagingSettings(BaseModel):
    channels_file: Path | None = Field(
        default=None,
        description="JSON or TOML file of each tenant's WhatsApp, SMS and email accounts "
        "(docs/messaging.md); unset: no channels",
    )
    whatsapp_base_url: str = Field(
        default="https://graph.facebook.com", description="Meta's Graph API"
    )
    whatsapp_api_version: str = Field(
        default="v21.0", pattern=r"^v\d+\.\d+$", description="the Graph API version used"
    )
    sms_base_url: str = Field(
        default="https://api.bulksms.com/v1", description="BulkSMS's JSON API"
    )
    smtp_host: str | None = Field(
        default=None, description="the SMTP relay (STARTTLS required); unset: no email"
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="its port")
    smtp_username: str | None = Field(default=None, description="its login, if it wants one")
    smtp_password: SecretStr | None = Field(default=None, description="that login's password")
    smtp_ca_file: Path | None = Field(
        default=None, description="CA certificates trusted for STARTTLS; unset: the system's"
    )
    channel_timeout_seconds: float = Field(
        default=15.0, gt=0, description="each call to a provider"
    )
    messages_per_second: float = Field(
        default=10.0, gt=0, description="most messages each channel sends a second"
    )
    message_retry_seconds: float = Field(
        default=2.0, gt=0, description="first pause after a provider fails for now; it doubles"
    )
    message_retry_max_seconds: float = Field(
        default=300.0, gt=0, description="the longest that pause grows to"
    )
    message_give_up_seconds: float = Field(
        default=6 * 3600,
        gt=0,
        description="a message not sent this long after queueing fails (`expired`)",
    )
    whatsapp_unknown_outcome_seconds: float = Field(
        default=120.0,
        ge=0,
        description="after a crash mid-send, how long to wait for WhatsApp's status callback "
        "before sending again",
    )
