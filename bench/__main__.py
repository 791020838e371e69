"""`python -m bench [NAME ...] [--option ...]`: run the named benchmarks (all when none is named).

Options after the names go to the benchmarks that take them (`python -m bench relay --events N`).
"""

import importlib
import sys

BENCHMARKS = ["core", "privacy", "relay", "audit"]


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
