"""The forensic test's findings, told compactly: which value, in which encodings, where."""

import re
from collections.abc import Iterable

from tests.forensics import Finding

DUMP_SECTION = re.compile(rb"^COPY (\S+)|^-- Name: (\S+);", re.MULTILINE)


def in_dump(dump: bytes, offset: int) -> str:
    """The table whose data (or the object whose definition) holds the dump's byte at offset."""
    sections = [m for m in DUMP_SECTION.finditer(dump) if m.start() <= offset]
    if not sections:
        return "(header)"
    last = sections[-1]
    return (last.group(1) or last.group(2) or b"?").decode()


def compact(findings: Iterable[tuple[str, Finding]]) -> list[str]:
    """One line a place: each value found there, with its encodings and how often."""
    grouped: dict[str, dict[str, list[str]]] = {}
    for place, finding in findings:
        grouped.setdefault(place, {}).setdefault(finding.value, []).append(finding.encoding)
    return [
        f"  {place}: "
        + ", ".join(
            f"{value}[{'/'.join(sorted(set(found)))}]x{len(found)}"
            for value, found in sorted(values.items())
        )
        for place, values in sorted(grouped.items())
    ]
