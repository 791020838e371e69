"""`python -m bench [NAME ...]`: run the named benchmarks (all when none is named)."""

import importlib
import sys

BENCHMARKS = ["core", "privacy"]


def main() -> None:
    for name in sys.argv[1:] or BENCHMARKS:
        if name not in BENCHMARKS:
            raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    main()
