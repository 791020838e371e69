"""The examiner's tools find what they look for, where it is, and nothing else."""

import base64
import os
from pathlib import Path
from uuid import uuid4

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tests.forensics import encodings, keys_in, scan, unwrapped

VALUE = f"Thandeka{uuid4().hex[:12]}"


def test_a_value_is_found_in_each_byte_encoding_with_its_offset(tmp_path: Path) -> None:
    expected = []
    for n, encoding in enumerate(["utf-8", "utf-16-le", "utf-16-be", "hex", "HEX"]):
        pattern = encodings(VALUE)[encoding]
        path = tmp_path / encoding / "16384"
        path.parent.mkdir()
        path.write_bytes(b"\x00page" + os.urandom(n) + pattern + b"\n\xff")
        expected.append((path, 5 + n, encoding.lower()))  # hex is found in either case
    found = scan([tmp_path], {"name": VALUE})
    assert sorted((f.path, f.offset, f.value, f.encoding) for f in found) == sorted(
        (path, offset, "name", encoding) for path, offset, encoding in expected
    )


def test_a_value_inside_a_longer_base64_stream_is_found_wherever_it_starts(
    tmp_path: Path,
) -> None:
    for before in range(3):
        for b64 in (base64.b64encode, base64.urlsafe_b64encode):
            stream = b64(os.urandom(before) + VALUE.encode() + os.urandom(5))
            path = tmp_path / f"{b64.__name__}-{before}"
            path.write_bytes(stream)
            shift = -before % 3  # where the value's first whole group of 3 bytes begins
            middle = b64(VALUE.encode()[shift:][: (len(VALUE) - shift) // 3 * 3])
            found = scan([path], {"name": VALUE})
            assert [(f.encoding[-1], f.offset) for f in found] == [
                (str(shift), stream.index(middle))
            ]


def test_a_lower_cased_copy_is_found_and_an_other_value_is_not(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"\x01" + VALUE.lower().encode("utf-16-le") + b"\x02")
    (tmp_path / "b").write_bytes(f"Thandeka{uuid4().hex[:12]}".encode())
    found = scan([tmp_path], {"name": VALUE})
    assert [(f.path.name, f.offset, f.encoding) for f in found] == [("a", 1, "utf-16-le")]


def test_the_keys_in_a_folder_open_the_data_keys_they_wrapped(tmp_path: Path) -> None:
    kek, other = AESGCM.generate_key(bit_length=256), AESGCM.generate_key(bit_length=256)
    (tmp_path / "keks").mkdir()
    (tmp_path / "keks" / "epoch-7").write_text(base64.urlsafe_b64encode(kek).decode() + "\n")
    (tmp_path / "other.json").write_text(f'{{"key": "{other.hex()}"}}')
    key_id = str(uuid4())
    nonce = os.urandom(12)
    wrapped = {key_id: nonce + AESGCM(kek).encrypt(nonce, os.urandom(32), key_id.encode())}
    keys = keys_in(tmp_path)
    assert sorted(keys.values()) == sorted([kek, other])
    assert list(unwrapped(wrapped, keys).items()) == [(key_id, "keks/epoch-7#0")]
    (tmp_path / "keks" / "epoch-7").unlink()
    assert unwrapped(wrapped, keys_in(tmp_path)) == {}


def test_a_digest_is_found_as_raw_bytes_and_as_hex_text(tmp_path: Path) -> None:
    digest = os.urandom(32)
    (tmp_path / "heap").write_bytes(b"\x00\x07" + digest + b"\x00")
    (tmp_path / "dump.sql").write_bytes(b"COPY t (f) FROM stdin;\n" + digest.hex().encode())
    found = scan([tmp_path], {"fingerprint": digest})
    assert sorted((f.path.name, f.offset, f.encoding) for f in found) == [
        ("dump.sql", 23, "hex"),
        ("heap", 2, "raw"),
    ]


def test_a_digest_holding_newline_bytes_is_found_whole_and_only_whole(tmp_path: Path) -> None:
    digest = os.urandom(10) + b"\n" + os.urandom(14) + b"\n\n" + os.urandom(6)
    near_miss = digest[:11] + bytes([digest[11] ^ 1]) + digest[12:]
    (tmp_path / "heap").write_bytes(b"\x00" * 5 + digest + b"\x00" + near_miss)
    found = scan([tmp_path], {"fingerprint": digest})
    assert [(f.path.name, f.offset, f.encoding) for f in found] == [("heap", 5, "raw")]
