"""The rules of a privacy request's proof of identity, with no I/O: codes expire, work once
and take MAX_TRIES tries; an export link opens once, within 24 hours."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.identity_check import IdentityCheck
from domain.privacy_verification import (
    CODE_DIGITS,
    CODE_LIFETIME,
    LINK_LIFETIME,
    MAX_CODES,
    MAX_TRIES,
    TooManyCodes,
    VerificationLocked,
)

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)


def sent(customer: bool = True) -> IdentityCheck:
    check = IdentityCheck.start(uuid4(), uuid4())
    check.send_code("right", NOW, uuid4() if customer else None, "email" if customer else None)
    return check


def test_a_code_works_once_and_only_before_it_expires() -> None:
    late = sent()
    assert late.enter_code("right", NOW + CODE_LIFETIME) is None, "expired"
    check = sent()
    assert check.enter_code("right", NOW + CODE_LIFETIME - timedelta(seconds=1)) is not None
    assert check.enter_code("right", NOW) is None, "used"


def test_wrong_codes_lock_the_check_until_a_new_code_and_no_guess_gets_more_tries() -> None:
    check = sent()
    for n in range(MAX_TRIES):
        assert check.enter_code(f"wrong-{n}", NOW) is None
    with pytest.raises(VerificationLocked):
        check.enter_code("right", NOW)
    assert 10**CODE_DIGITS >= 1_000_000 and MAX_TRIES * MAX_CODES <= 25, (
        "a guesser gets at most 25 tries at a million codes per request"
    )
    check.send_code("new", NOW, uuid4(), "email")
    assert check.enter_code("right", NOW) is None, "the code before stops working"
    assert check.enter_code("new", NOW) is not None


def test_a_code_sent_to_no_one_never_verifies_and_counts_its_tries_alike() -> None:
    nobody, somebody = sent(customer=False), sent()
    for check in (nobody, somebody):
        for _ in range(MAX_TRIES):
            check.enter_code("wrong", NOW)
        with pytest.raises(VerificationLocked):
            check.enter_code("right", NOW)


def test_a_request_gets_a_limited_number_of_codes() -> None:
    check = sent()
    for _ in range(MAX_CODES - 1):
        check.send_code("again", NOW, None, None)
    with pytest.raises(TooManyCodes):
        check.send_code("again", NOW, None, None)


def test_an_export_link_opens_once_within_its_lifetime_and_each_try_is_recorded() -> None:
    check, customer_id = sent(), uuid4()
    check.send_link("link", NOW, customer_id, uuid4())
    assert check.download("guess", NOW) is None
    assert check.download("link", NOW + LINK_LIFETIME) is None, "expired"
    assert check.download("link", NOW) == customer_id
    assert check.download("link", NOW) is None, "used"
    kinds = [type(e).__name__ for e in check.collect_events()]
    assert kinds.count("ExportDownloadRefused") == 3 and kinds.count("ExportDownloaded") == 1
