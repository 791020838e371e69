"""`python -m bench [NAME [OPTIONS]]`: run one benchmark with its options, or all with defaults."""

import importlib
import sys

BENCHMARKS = ["core", "audit"]


def main() -> None:
    names, options = sys.argv[1:2] or BENCHMARKS, sys.argv[2:]
    for name in names:
        if name not in BENCHMARKS:
            raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
        importlib.import_module(f"bench.{name}").main(options)


if __name__ == "__main__":
    main()
