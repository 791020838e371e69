"""Devices that signed in as a user before, proven by a signed token they keep in a cookie.

OWASP's "device cookies": the login throttle counts a known device's failures on the device
alone, so strangers guessing a username's password elsewhere cannot lock its owner out."""

import hashlib
import hmac
import re
import secrets
import time
from datetime import timedelta

COOKIE_PREFIX = "aftersales_device_"
_TOKEN = re.compile(r"([0-9a-f]{32})\.([0-9]{1,12})\.([0-9a-f]{64})")


class KnownDevices:
    def __init__(self, secret: str, lifetime: timedelta) -> None:
        self._key = hashlib.sha256(b"aftersales known devices\0" + secret.encode()).digest()
        self.lifetime = lifetime

    def cookie_name(self, username: str) -> str:
        """A cookie per username, so a shared front-desk computer is known to each of its
        users; the name does not show the username."""
        return COOKIE_PREFIX + self._mac("cookie", username)[:16]

    def issue(self, username: str) -> str:
        """A new device token for this username, valid for the lifetime."""
        device = secrets.token_hex(16)
        expires = str(int(time.time() + self.lifetime.total_seconds()))
        return f"{device}.{expires}.{self._mac('device', username, device, expires)}"

    def recognise(self, username: str, token: str | None) -> str | None:
        """The device's id, when the token is one issued for this username and still valid."""
        match = _TOKEN.fullmatch(token or "")
        if match is None:
            return None
        device, expires, mac = match.groups()
        expected = self._mac("device", username, device, expires)
        if int(expires) < time.time() or not hmac.compare_digest(mac, expected):
            return None
        return device

    def _mac(self, *parts: str) -> str:
        message = "\0".join(parts).encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()
