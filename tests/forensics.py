"""A forensic examiner's tools: the encodings a value may hide in, a scan of files for them, and
the keys found in a folder with an attempt to unwrap data keys under each.

The scan is GNU grep's fixed-string search (many patterns at once, binary files as bytes, case
folded in ASCII so lower- and upper-case hex and a lower-cased name are found too), one pass over
every file whatever the number of patterns.
"""

import base64
import binascii
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
SHORTEST = 8  # patterns shorter than this could turn up by chance in binary pages
KEY_FILE_BYTES = 4096  # a key file is small; larger files are not read as keys
KEY_TEXT = re.compile(rb"[A-Za-z0-9+/_=-]{40,}")


@dataclass(frozen=True)
class Finding:
    path: Path
    offset: int
    value: str  # the value's label
    encoding: str


def encodings(value: str | bytes) -> dict[str, bytes]:
    """The byte strings that betray the value (a text, or bytes such as a digest): the bytes
    (a text's UTF-8, and its UTF-16 in both orders), hex, and the part of its base64 (standard
    and URL-safe) that is the same wherever it starts in a longer stream."""
    raw = value if isinstance(value, bytes) else value.encode()
    found = {"utf-8" if isinstance(value, str) else "raw": raw}
    if isinstance(value, str):
        found |= {"utf-16-le": value.encode("utf-16-le"), "utf-16-be": value.encode("utf-16-be")}
    found |= {"hex": raw.hex().encode(), "HEX": raw.hex().upper().encode()}
    for shift in range(3):
        # started at this offset (mod 3), the stream's groups of 3 bytes hold these bytes whole
        whole = raw[shift:][: (len(raw) - shift) // 3 * 3]
        found[f"base64+{shift}"] = base64.b64encode(whole)
        found[f"base64url+{shift}"] = base64.urlsafe_b64encode(whole)
    return {name: pattern for name, pattern in found.items() if len(pattern) >= SHORTEST}


def scan(paths: Iterable[Path], values: Mapping[str, str | bytes]) -> list[Finding]:
    """Every place in the files (or the trees) where a value is found in any of its encodings.

    grep reads lines, so a pattern holding a newline byte (a raw digest may) is searched by its
    longest piece without one, and each hit of that piece is confirmed by reading the whole
    pattern from the file at its place."""
    labels: dict[bytes, tuple[str, str]] = {}  # case-folded pattern -> (value, encoding)
    for label, value in values.items():
        for encoding, pattern in encodings(value).items():
            labels.setdefault(pattern.lower(), (label, encoding))
    pieces: dict[bytes, list[tuple[bytes, int]]] = {}  # piece -> (pattern, the piece's place in it)
    for pattern in labels:
        piece = max(pattern.split(b"\n"), key=len)
        pieces.setdefault(piece, []).append((pattern, pattern.index(piece)))
    targets = [str(p) for p in paths if p.exists()]
    if not targets:
        return []
    with tempfile.NamedTemporaryFile() as file:
        file.write(b"\n".join(pieces) + b"\n")
        file.flush()
        done = subprocess.run(
            ["grep", "-F", "-a", "-i", "-o", "-b", "-H", "-r", "--null", "--devices=skip"]
            + ["-f", file.name, "--", *targets],
            capture_output=True,
            env={"LC_ALL": "C"},
            check=False,
        )
    _check_grep(done)
    found: list[Finding] = []
    for line in done.stdout.split(b"\n"):
        if line:
            found.extend(_findings(line, pieces, labels))
    return found


def _findings(
    line: bytes,
    pieces: Mapping[bytes, list[tuple[bytes, int]]],
    labels: Mapping[bytes, tuple[str, str]],
) -> Iterable[Finding]:
    """The findings that one line of grep's output (a hit of a piece) stands for."""
    name, rest = line.split(b"\0", 1)
    offset, match = rest.split(b":", 1)
    path = Path(name.decode())
    for pattern, place in pieces[match.lower()]:
        start = int(offset) - place
        if pattern == match.lower() or _bytes_at(path, start, len(pattern)).lower() == pattern:
            yield Finding(path, start, *labels[pattern])


def _bytes_at(path: Path, start: int, length: int) -> bytes:
    """The file's bytes at a place (none if the file went, as a recycled WAL segment does)."""
    if start < 0:
        return b""
    try:
        with path.open("rb") as file:
            file.seek(start)
            return file.read(length)
    except FileNotFoundError:
        return b""


def _check_grep(done: subprocess.CompletedProcess[bytes]) -> None:
    """grep ends 0 (found), 1 (nothing) or 2 (an error): a file of a running server that went
    while the scan ran (a recycled WAL segment, a temporary file) is no error for the scan."""
    if done.returncode in (0, 1):
        return
    errors = [e for e in done.stderr.decode().splitlines() if "No such file" not in e]
    assert not errors, f"the scan could not read everything: {errors}"


def keys_in(folder: Path) -> dict[str, bytes]:
    """Every 256-bit key an examiner finds in the folder's small files (raw, base64 or hex,
    alone or inside a larger text), named by file and place."""
    found: dict[str, bytes] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.stat().st_size > KEY_FILE_BYTES:
            continue
        data = path.read_bytes()
        candidates = [data, *KEY_TEXT.findall(data)]
        for n, text in enumerate(candidates):
            key = _as_key(text)
            if key is not None and key not in found.values():
                found[f"{path.relative_to(folder)}#{n}"] = key
    return found


def _as_key(text: bytes) -> bytes | None:
    """The key that the bytes are, or spell in base64 (either alphabet) or hex."""
    if len(text) == KEY_BYTES:
        return text
    text = text.strip()
    decoded = [_or_none(base64.urlsafe_b64decode, text + b"=" * (-len(text) % 4))]
    decoded.append(_or_none(binascii.unhexlify, text))
    return next((key for key in decoded if key is not None and len(key) == KEY_BYTES), None)


def _or_none(decode: Callable[[bytes], bytes], text: bytes) -> bytes | None:
    try:
        return decode(text)
    except (binascii.Error, ValueError):
        return None


def unwrap(kek: bytes, key_id: str, wrapped: bytes) -> bytes | None:
    """The data key inside `wrapped`, if `kek` wrapped it: AES-256-GCM, nonce first, the key id
    as associated data (adapters/crypto/kek.py: Kek.wrap)."""
    try:
        return AESGCM(kek).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], key_id.encode())
    except (InvalidTag, ValueError):
        return None


def unwrapped(wrapped: Mapping[str, bytes], keks: Mapping[str, bytes]) -> dict[str, str]:
    """Each wrapped data key (by key id) that some KEK opens, with the name of that KEK."""
    opened: dict[str, str] = {}
    for key_id, sealed in wrapped.items():
        for name, kek in keks.items():
            if unwrap(kek, key_id, sealed) is not None:
                opened[key_id] = name
                break
    return opened
