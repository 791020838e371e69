"""The local providers for a test run, and each test tenant's accounts with them (written to
the channels file the service reads)."""

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tests.providers.bulksms import BulkSms
from tests.providers.graph import GraphApi
from tests.providers.smtp import SmtpRelay


class Slugged(Protocol):
    """A tenant by its slug (a TenantKit, or a served tenant's)."""

    @property
    def slug(self) -> str: ...


@dataclass(frozen=True)
class TenantAccounts:
    slug: str
    phone_number_id: str
    access_token: str
    app_secret: str
    verify_token: str
    sms_username: str
    webhook_secret: str
    sender_address: str


class Providers:
    def __init__(self, folder: Path) -> None:
        self.graph = GraphApi()
        self.sms = BulkSms()
        self.smtp = SmtpRelay(folder)
        self.channels_file = folder / "channels.json"
        self.channels_file.write_text("{}")
        self._lock = threading.Lock()

    def start(self) -> None:
        self.graph.start()
        self.sms.start()
        self.smtp.start()

    def stop(self) -> None:
        self.graph.stop()
        self.sms.stop()
        self.smtp.stop()

    def enable(self, tenant: Slugged, *, email: bool = True) -> TenantAccounts:
        """Give the tenant accounts on every channel (email unless told otherwise)."""
        short = tenant.slug[-8:]
        accounts = TenantAccounts(
            slug=tenant.slug,
            phone_number_id=f"1065{abs(hash(tenant.slug)) % 10**10:010d}",
            access_token=f"EAAG-{short}",
            app_secret=f"app-secret-{short}",
            verify_token=f"verify-{short}",
            sms_username=f"sms-{short}",
            webhook_secret=f"sms-secret-{short}",
            sender_address=f"repairs@{short}.example.org",
        )
        self.graph.tokens[accounts.phone_number_id] = accounts.access_token
        self.sms.accounts[accounts.sms_username] = "sms-password"
        entry: dict[str, Any] = {
            "whatsapp": {
                "phone_number_id": accounts.phone_number_id,
                "access_token": accounts.access_token,
                "app_secret": accounts.app_secret,
                "verify_token": accounts.verify_token,
            },
            "sms": {
                "username": accounts.sms_username,
                "password": "sms-password",
                "webhook_secret": accounts.webhook_secret,
            },
        }
        if email:
            entry["email"] = {
                "sender_name": "Sun Repairs",
                "sender_address": accounts.sender_address,
            }
        with self._lock:
            current = json.loads(self.channels_file.read_text())
            current[tenant.slug] = entry
            fresh = self.channels_file.with_suffix(".tmp")
            fresh.write_text(json.dumps(current))
            fresh.replace(self.channels_file)
        return accounts
