"""What bookkeeping keeps: a stored answer holds no personal data, a request id is a short safe
token, a keyed digest depends on its secret and tells its parts apart."""

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from adapters.digests import KeyedDigest
from commands.answers import Written
from commands.bus import HANDLERS
from domain.context import RequestContext, request_id_or_new
from tests.registry import command_classes

# Every field an answer kept for replay may have: ids, versions, positions and the references the
# service makes up (a ticket's number, a privacy request's reference and due date). A new field
# goes here only if it can never hold what a person told the service or what identifies them.
NOT_PERSONAL: dict[str, Any] = {
    "id": UUID,
    "version": int,
    "position": int | None,
    "number": str,
    "reference": str,
    "due_by": datetime,
    "quote_id": UUID,  # the quote a draft made
    "part_id": UUID,  # the part an order made
    "tickets": list[Written],  # the ids and versions of the tickets a reassignment moved
    "generation": int,  # a ticket's status link's (the link itself is never kept)
    "notice_version": int,  # the number of a privacy notice's version just published
    "verified": bool,  # whether a privacy request's code was the right one
    "customer_id": UUID | None,  # whose export a download link opens (an id, none of its text)
}


def test_no_answer_kept_for_replay_has_a_field_that_could_hold_personal_data() -> None:
    answers = {HANDLERS.of(command)[1] for command in command_classes()}
    assert len(answers) >= 3
    for answer in answers:
        fields = {name: field.annotation for name, field in answer.model_fields.items()}
        unknown = {n: t for n, t in fields.items() if NOT_PERSONAL.get(n, object()) != t}
        assert not unknown, f"{answer.__name__} keeps {unknown} for replay"


@pytest.mark.parametrize(
    "given",
    ["Thandi Nkosi", "+27825551234", "a@b.c", "x" * 65, "", "new\nline", "thandi:0825551234"],
)
def test_a_request_id_that_is_not_a_short_safe_token_is_replaced(given: str) -> None:
    replaced = request_id_or_new(given)
    assert replaced != given and len(replaced) == 32
    with pytest.raises(ValueError):
        RequestContext(tenant_id=uuid4(), actor="system", request_id=given)


def test_a_short_safe_request_id_is_kept() -> None:
    for given in ("abc-123", "req.note_1", "A" * 64):
        assert request_id_or_new(given) == given


def test_a_keyed_digest_depends_on_its_secret_and_purpose_and_tells_parts_apart() -> None:
    digest = KeyedDigest("a secret of thirty-two characters!", "idempotency")
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("ab") != KeyedDigest("another secret of thirty-two chars", "idempotency")("ab")
    assert digest("ab") != KeyedDigest("a secret of thirty-two characters!", "logins")("ab")
    assert digest("ab") == digest(b"ab")
