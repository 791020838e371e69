"""Settings from AFTERSALES_* environment variables (and a .env file), one module per area.

The README's settings table is made from this class: `python -m adapters.settings_table`."""

from pydantic_settings import BaseSettings, SettingsConfigDict

from adapters.settings.access import AccessSettings
from adapters.settings.database import DatabaseSettings
from adapters.settings.http import HttpSettings
from adapters.settings.kafka import KafkaSettings
from adapters.settings.keys import KeySettings
from adapters.settings.messaging import MessagingSettings
from adapters.settings.status_links import StatusLinkSettings
from adapters.settings.workers import WorkerSettings


class Settings(
    # Fields come in the reverse of this order: the database's first, status links' last.
    StatusLinkSettings,
    MessagingSettings,
    KafkaSettings,
    KeySettings,
    WorkerSettings,
    HttpSettings,
    AccessSettings,
    DatabaseSettings,
    BaseSettings,
):
    model_config = SettingsConfigDict(env_prefix="AFTERSALES_", env_file=".env", extra="ignore")
