"""The hash chain: untouched history verifies; each kind of tampering is named at its record."""

from collections.abc import Callable, Iterator

import psycopg
import pytest

from adapters.audit.signing import Checkpoint
from adapters.audit.verify import Verification, verify
from adapters.bootstrap import Services
from domain.values import Role
from tests.support import caught_up, new_tenant

TAMPER = "ALTER TABLE {table} {action} TRIGGER {table}_append_only"


@pytest.fixture
def history(fresh_services: Callable[..., Services]) -> Iterator[Services]:
    """A database of its own with some history, fully linked into the chain."""
    services = fresh_services(audit_checkpoint_seconds=0.001)
    services.workers.start()
    for _ in range(2):
        kit = new_tenant(services)
        kit.member(Role.AGENT)
        kit.member(Role.TECHNICIAN)
    caught_up(services)
    yield services


def check(services: Services) -> Verification:
    return verify(services.database_url, services.signer.public_key)


def as_owner(services: Services, *statements: str, table: str = "aftersales_events") -> None:
    """Change stored rows the way only the database owner can: past the append-only trigger."""
    with psycopg.connect(services.database_url, autocommit=True) as conn:
        conn.execute(TAMPER.format(table=table, action="DISABLE"))
        for statement in statements:
            conn.execute(statement)
        conn.execute(TAMPER.format(table=table, action="ENABLE"))


def ids(services: Services) -> list[int]:
    with psycopg.connect(services.database_url) as conn:
        return [
            r[0] for r in conn.execute("SELECT notification_id FROM aftersales_events ORDER BY 1")
        ]


def test_untouched_history_verifies(history: Services) -> None:
    result = check(history)
    assert result.ok and result.broken is None
    assert result.checked == len(ids(history)) and result.head_position == ids(history)[-1]
    assert result.checkpoints >= 1


def test_one_altered_byte_is_named(history: Services) -> None:
    target = ids(history)[5]
    as_owner(
        history,
        "UPDATE aftersales_events SET state = overlay(state placing '\\x20'::bytea from 3 for 1) "
        f"WHERE notification_id = {target}",
    )
    result = check(history)
    assert not result.ok and result.broken is not None
    assert (result.broken.position, result.broken.problem) == (target, "altered")


def test_a_deleted_record_is_named(history: Services) -> None:
    target = ids(history)[3]
    as_owner(history, f"DELETE FROM aftersales_events WHERE notification_id = {target}")
    broken = check(history).broken
    assert broken is not None and (broken.position, broken.problem) == (target, "removed")


def test_an_inserted_record_is_named(history: Services) -> None:
    gap = _make_gap(history)
    first = ids(history)[0]
    as_owner(
        history,
        "INSERT INTO aftersales_events (originator_id, originator_version, topic, state, "
        f"notification_id) SELECT originator_id, originator_version + 100, topic, state, {gap} "
        f"FROM aftersales_events WHERE notification_id = {first}",
    )
    broken = check(history).broken
    assert broken is not None and (broken.position, broken.problem) == (gap, "inserted")


def _make_gap(services: Services) -> int:
    """A position inside the linked history that holds no record: leave one out, then link on."""
    with psycopg.connect(services.database_url, autocommit=True) as conn:
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('aftersales_events', 'notification_id'), "
            "(SELECT max(notification_id) FROM aftersales_events) + 1)"
        )
    gap = ids(services)[-1] + 1
    new_tenant(services)
    caught_up(services)
    assert gap not in ids(services) and ids(services)[-1] > gap
    return gap


def test_two_swapped_records_are_named_at_the_first(history: Services) -> None:
    a, b = ids(history)[4], ids(history)[9]
    as_owner(
        history,
        f"UPDATE aftersales_events SET notification_id = -1 WHERE notification_id = {a}",
        f"UPDATE aftersales_events SET notification_id = {a} WHERE notification_id = {b}",
        f"UPDATE aftersales_events SET notification_id = {b} WHERE notification_id = -1",
    )
    broken = check(history).broken
    assert broken is not None and (broken.position, broken.problem) == (a, "reordered")
    assert str(b) in broken.detail


def test_a_rewritten_chain_is_caught_by_the_signed_checkpoint(history: Services) -> None:
    target = ids(history)[2]
    as_owner(
        history,
        "UPDATE aftersales_events SET state = overlay(state placing '\\x20'::bytea from 3 for 1) "
        f"WHERE notification_id = {target}",
    )
    _relink_whole_chain(history)
    broken = check(history).broken
    assert broken is not None and broken.problem == "rewritten"
    assert broken.position >= target


def test_checkpoints_held_outside_catch_a_rewrite_that_also_removed_the_stored_ones(
    history: Services,
) -> None:
    held = exported_checkpoints(history)
    target = ids(history)[1]
    as_owner(
        history,
        "UPDATE aftersales_events SET state = overlay(state placing '\\x21'::bytea from 3 for 1) "
        f"WHERE notification_id = {target}",
    )
    _relink_whole_chain(history)
    as_owner(history, "DELETE FROM audit_checkpoints", table="audit_checkpoints")
    assert check(history).ok
    caught = verify(history.database_url, history.signer.public_key, held)
    assert caught.broken is not None and caught.broken.problem == "rewritten"


def exported_checkpoints(services: Services) -> list[Checkpoint]:
    with psycopg.connect(services.database_url) as conn:
        rows = conn.execute(
            "SELECT notification_id, hash, signed_at, signature FROM audit_checkpoints"
        )
        return [Checkpoint(r[0], bytes(r[1]), r[2], bytes(r[3])) for r in rows]


def _relink_whole_chain(services: Services) -> None:
    """What someone with the database but not the signing key could do: recompute every link."""
    from adapters.audit.records import GENESIS, chain_link, content_digest, record_bytes

    with psycopg.connect(services.database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM aftersales_events ORDER BY 1"
        ).fetchall()
        link = GENESIS
        relinked = []
        for row in rows:
            record = record_bytes(row[0], row[1], row[2], row[3], bytes(row[4]))
            previous, link = link, chain_link(link, record)
            relinked.append((row[0], previous, link, content_digest(record)))
        conn.execute(TAMPER.format(table="audit_chain", action="DISABLE"))
        conn.execute("DELETE FROM audit_chain")
        with conn.cursor() as curs:
            curs.executemany("INSERT INTO audit_chain VALUES (%s, %s, %s, %s)", relinked)
        conn.execute(TAMPER.format(table="audit_chain", action="ENABLE"))
