"""AFTERSALES_TRUSTED_PROXIES: none by default, else addresses and networks, comma-separated."""

from ipaddress import ip_network

import pytest
from pydantic import ValidationError

from adapters.settings import Settings


def test_no_proxy_is_trusted_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AFTERSALES_TRUSTED_PROXIES", raising=False)
    assert Settings().trusted_proxies == []


def test_addresses_and_networks_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERSALES_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1")
    assert Settings().trusted_proxies == [
        ip_network("127.0.0.1/32"),
        ip_network("10.0.0.0/8"),
        ip_network("::1/128"),
    ]


@pytest.mark.parametrize("value", ["*", "localhost", "10.0.0.1/8", "127.0.0.1;10.0.0.2"])
def test_anything_else_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("AFTERSALES_TRUSTED_PROXIES", value)
    with pytest.raises(ValidationError):
        Settings()
