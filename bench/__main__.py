"""`python -m bench [NAME ...] [OPTIONS]`: run the named benchmarks (all when none is named).

Names come first; the options after them (`projections --events 5000`) are the benchmark's own.
"""

import importlib
import sys

BENCHMARKS = ["core", "projections", "privacy", "relay", "audit", "seal", "search", "pages"]


def main() -> None:
    args = sys.argv[1:]
    names = []
    while args and not args[0].startswith("-"):
        names.append(args.pop(0))
    sys.argv[1:] = args
    for name in names or BENCHMARKS:
        if name not in BENCHMARKS:
            raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    main()
