"""A ticket's status link: its token derived from the secret, the tenant, the ticket and the
generation; the digest kept of it; when it stops working; and what the customer sees of it."""

import base64
import re
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.errors import InvalidValue
from domain.shop import OpeningHours, ShopDetails, Weekday
from domain.status_link import (
    IN_WORDS,
    STEP_OF,
    TOKEN_LENGTH,
    PublicStep,
    StatusLinkKeys,
    StatusLinks,
    expires_at,
    is_live,
)
from domain.tenant import Tenant
from domain.ticket_status import TicketStatus
from domain.values import Resolution
from tests.unit.builders import new_ticket

KEYS = StatusLinkKeys(b"s" * 32)
TENANT, TICKET = uuid4(), uuid4()
DAYS_30 = timedelta(days=30)


def test_a_token_is_256_bits_of_url_safe_text_and_the_same_every_time() -> None:
    token = KEYS.token(TENANT, TICKET, 0)
    assert len(token) == TOKEN_LENGTH and re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    assert KEYS.token(TENANT, TICKET, 0) == token


def test_a_token_changes_with_the_generation_the_ticket_the_tenant_and_the_secret() -> None:
    tokens = {
        KEYS.token(TENANT, TICKET, 0),
        KEYS.token(TENANT, TICKET, 1),
        KEYS.token(TENANT, uuid4(), 0),
        KEYS.token(uuid4(), TICKET, 0),
        StatusLinkKeys(b"t" * 32).token(TENANT, TICKET, 0),
    }
    assert len(tokens) == 5


def test_the_digest_kept_is_keyed_and_is_not_the_token() -> None:
    token = KEYS.token(TENANT, TICKET, 0)
    assert KEYS.lookup(token) == KEYS.lookup(token)
    assert token.encode() not in KEYS.lookup(token)
    assert StatusLinkKeys(b"t" * 32).lookup(token) != KEYS.lookup(token)
    assert KEYS.lookup(token) != KEYS.lookup(KEYS.token(TENANT, TICKET, 1))


def test_a_link_is_an_absolute_address_under_the_public_url() -> None:
    links = StatusLinks(KEYS, "https://repairs.example.co.za/")
    token = KEYS.token(TENANT, TICKET, 2)
    assert links.url(TENANT, TICKET, 2) == f"https://repairs.example.co.za/status/{token}"


def test_a_link_works_while_open_and_until_its_lifetime_after_the_ticket_finished() -> None:
    now = datetime(2026, 12, 4, 12, tzinfo=UTC)
    assert is_live(None, DAYS_30, now) and expires_at(None, DAYS_30) is None
    assert is_live(now - timedelta(days=29, hours=23), DAYS_30, now)
    assert not is_live(now - DAYS_30, DAYS_30, now)
    assert not is_live(now - timedelta(days=400), DAYS_30, now)
    assert expires_at(now, DAYS_30) == now + DAYS_30


def test_revoking_moves_the_generation_on_and_the_link_with_it() -> None:
    ticket = new_ticket()
    assert ticket.status_link_generation == 0
    ticket.revoke_status_link()
    ticket.revoke_status_link()
    assert ticket.status_link_generation == 2
    assert [type(e).__name__ for e in ticket.collect_events()][-2:] == ["StatusLinkRevoked"] * 2


def test_a_closed_ticket_can_have_its_link_revoked() -> None:
    ticket = new_ticket()
    ticket.close(Resolution.REPAIRED, "done")
    ticket.revoke_status_link()
    assert ticket.status_link_generation == 1


def test_every_status_has_a_public_step_and_plain_words() -> None:
    assert set(STEP_OF) == set(TicketStatus) == set(IN_WORDS)
    assert set(STEP_OF.values()) == set(PublicStep)
    assert STEP_OF[TicketStatus.CANCELLED] is PublicStep.CLOSED


def test_shop_details_keep_the_open_days_in_weekday_order() -> None:
    tenant = Tenant.create("Volt Repairs", "volt")
    hours = {
        Weekday.SAT: OpeningHours("08:00", "12:00"),
        Weekday.MON: OpeningHours("08:00", "17:00"),
    }
    tenant.set_shop_details(ShopDetails("+27215551234", "desk@volt.example", "1 Main Rd", hours))
    assert list(tenant.shop.hours) == [Weekday.MON, Weekday.SAT]
    assert tenant.shop.phone == "+27215551234"
    tenant.collect_events()
    tenant.set_shop_details(ShopDetails("+27215551234", "desk@volt.example", "1 Main Rd", hours))
    assert tenant.collect_events() == []  # the same details again record nothing


@pytest.mark.parametrize(
    ("opens", "closes", "field"),
    [
        ("17:00", "08:00", "hours.tue.closes"),
        ("08:00", "08:00", "hours.tue.closes"),
        ("8:00", "17:00", "hours.tue.opens"),
        ("08:00", "24:00", "hours.tue.closes"),
    ],
)
def test_opening_hours_that_make_no_sense_are_refused_naming_the_field(
    opens: str, closes: str, field: str
) -> None:
    tenant = Tenant.create("Volt Repairs", "volt")
    with pytest.raises(InvalidValue) as refused:
        tenant.set_shop_details(ShopDetails(hours={Weekday.TUE: OpeningHours(opens, closes)}))
    assert refused.value.field == field
