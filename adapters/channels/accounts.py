"""Each tenant's channel accounts, from the file named by AFTERSALES_CHANNELS_FILE.

The file (JSON, or TOML when it ends in .toml) maps tenant slugs to their accounts; a tenant
without an entry for a channel cannot send on it. The file is read again when it changes, so
credentials rotate without a restart. Credentials never enter events or logs.

    {"sun": {"whatsapp": {"phone_number_id": "1065...", "access_token": "EAAG...",
                          "app_secret": "...", "verify_token": "..."},
             "sms": {"username": "...", "password": "...", "webhook_secret": "..."},
             "email": {"sender_name": "Sun Repairs", "sender_address": "repairs@sun.co.za"}}}
"""

import json
import logging
import threading
import tomllib
from pathlib import Path
from uuid import UUID

from pydantic import BaseModel, ConfigDict, SecretStr

from domain.tenant import tenant_id_for
from domain.values import ContactChannel

log = logging.getLogger("aftersales.messages")


class Account(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WhatsAppAccount(Account):
    phone_number_id: str
    access_token: SecretStr
    app_secret: SecretStr
    verify_token: SecretStr


class SmsAccount(Account):
    username: str
    password: SecretStr
    webhook_secret: SecretStr
    sender: str | None = None  # a sender id; unset: replies come back (REPLIABLE)


class EmailSender(Account):
    sender_name: str
    sender_address: str


class TenantChannels(Account):
    whatsapp: WhatsAppAccount | None = None
    sms: SmsAccount | None = None
    email: EmailSender | None = None


class ChannelAccounts:
    """The accounts in the file; `available` are the channels the service itself can use
    (email needs an SMTP relay)."""

    def __init__(self, path: Path | None, available: frozenset[ContactChannel]) -> None:
        self.path = path
        self.available = available
        self._by_tenant: dict[UUID, TenantChannels] = {}
        self._read_at: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def of_slug(self, slug: str) -> TenantChannels | None:
        try:
            return self.of(tenant_id_for(slug))
        except ValueError:
            return None

    def of(self, tenant_id: UUID) -> TenantChannels | None:
        return self._current().get(tenant_id)

    def channels_of(self, tenant_id: UUID) -> tuple[ContactChannel, ...]:
        """The channels the tenant can send on: an account, on a channel the service has."""
        accounts = self.of(tenant_id)
        if accounts is None:
            return ()
        return tuple(c for c in ContactChannel if c in self.available and getattr(accounts, c))

    def _current(self) -> dict[UUID, TenantChannels]:
        if self.path is None:
            return {}
        with self._lock:
            found = self.path.stat() if self.path.exists() else None
            changed_at = (found.st_mtime_ns, found.st_size) if found else None
            if changed_at != self._read_at:
                self._read_at = changed_at
                try:
                    self._by_tenant = _read(self.path) if changed_at is not None else {}
                except (OSError, ValueError) as e:  # a half-edited file: keep what was read
                    log.error("the channels file %s is not valid, kept as it was: %s", self.path, e)
            return self._by_tenant


def _read(path: Path) -> dict[UUID, TenantChannels]:
    text = path.read_text()
    raw = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    return {tenant_id_for(slug): TenantChannels.model_validate(v) for slug, v in raw.items()}
