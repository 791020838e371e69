"""A known device's token names its username, expires, and cannot be forged or moved."""

from datetime import timedelta

from adapters.known_devices import KnownDevices

DEVICES = KnownDevices("a secret for these tests only", timedelta(days=30))


def test_a_token_is_recognised_for_its_username_only() -> None:
    token = DEVICES.issue("front-desk")
    device = DEVICES.recognise("front-desk", token)
    assert device is not None and token.startswith(device)
    assert DEVICES.recognise("someone-else", token) is None
    assert DEVICES.issue("front-desk") != token


def test_tampered_expired_or_foreign_tokens_are_not_recognised() -> None:
    device, expires, mac = DEVICES.issue("front-desk").split(".")
    flipped = "0" if mac[0] != "0" else "1"
    for token in [
        None,
        "",
        "garbage",
        f"{device}.{expires}.{flipped}{mac[1:]}",
        f"{device}.{int(expires) + 1}.{mac}",
        f"{'f' * 32}.{expires}.{mac}",
        KnownDevices("another secret", timedelta(days=30)).issue("front-desk"),
        KnownDevices("a secret for these tests only", timedelta(seconds=-1)).issue("front-desk"),
        f"{device}.{expires}.{mac}\n",
    ]:
        assert DEVICES.recognise("front-desk", token) is None, token


def test_each_username_has_a_cookie_of_its_own_that_does_not_show_it() -> None:
    names = {DEVICES.cookie_name(u) for u in ("front-desk", "workshop", "owner")}
    assert len(names) == 3 and not any("desk" in n for n in names)
