"""Each staff user's last write in this replica: only ever higher, and bounded in number."""

from uuid import uuid4

from adapters.http.sessions import LastWrites


def test_a_callers_last_write_only_goes_up_and_others_have_none() -> None:
    writes = LastWrites()
    caller = uuid4()
    writes.note(caller, 7)
    writes.note(caller, 5)  # an earlier write answered late
    assert writes.of(caller) == 7
    assert writes.of(uuid4()) == 0
    assert writes.of(None) == 0


def test_the_callers_who_wrote_least_recently_are_forgotten_first() -> None:
    writes = LastWrites(capacity=2)
    first, second, third = uuid4(), uuid4(), uuid4()
    writes.note(first, 1)
    writes.note(second, 2)
    writes.note(first, 3)
    writes.note(third, 4)
    assert (writes.of(first), writes.of(second), writes.of(third)) == (3, 0, 4)
