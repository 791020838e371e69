"""`python -m bench [NAME ...] [OPTIONS]`: run the named benchmarks (all when none is named)."""

import importlib
import sys
from itertools import takewhile

BENCHMARKS = ["core", "projections"]


def main() -> None:
    """Names come first; options after them (`projections --events 5000`) are the benchmark's."""
    names = list(takewhile(lambda arg: not arg.startswith("-"), sys.argv[1:]))
    for name in names or BENCHMARKS:
        if name not in BENCHMARKS:
            raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    main()
