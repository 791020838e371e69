"""Turns at an aggregate: one writer at a time, from a lock table of fixed size."""

import threading
import time
from uuid import uuid4

from commands.turns import Turns
from tests.parallel import all_at_once


def test_writers_at_one_aggregate_take_turns() -> None:
    turns = Turns()
    aggregate_id = uuid4()
    inside: list[int] = []
    most = 0

    def write() -> None:
        nonlocal most
        with turns.serialised(aggregate_id):
            inside.append(1)
            most = max(most, len(inside))
            time.sleep(0.01)
            inside.pop()

    all_at_once(write, 8)
    assert most == 1


def test_a_turn_within_a_turn_at_an_aggregate_sharing_its_lock_does_not_wait_for_itself() -> None:
    turns = Turns(locks=1)
    done = threading.Event()

    def nested() -> None:
        with turns.serialised(uuid4()), turns.serialised(uuid4()):
            done.set()

    threading.Thread(target=nested, daemon=True).start()
    assert done.wait(timeout=5)
