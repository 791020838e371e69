"""Calls started together from threads, to find what check-then-act code lets through."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def all_at_once(call: Callable[[], T], times: int) -> list[T]:
    """The answers of `times` calls released together by a barrier."""
    barrier = threading.Barrier(times)

    def released() -> T:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(times) as pool:
        futures = [pool.submit(released) for _ in range(times)]
        return [f.result() for f in futures]
