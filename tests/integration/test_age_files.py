"""Files sealed to an age recipient: streamed both ways, whole or absent, opened by the identity."""

import subprocess
import sys
from pathlib import Path

import pyrage
import pytest
from pyrage.x25519 import Identity

from adapters.crypto.age_files import AlteredSeal, SealError, identities, lines, written

PEAK = """
import resource, sys
from pathlib import Path
from pyrage.x25519 import Identity
from adapters.crypto.age_files import lines, written

megabytes, folder = int(sys.argv[1]), Path(sys.argv[2])
identity, line = Identity.generate(), "personal " * 111 + "\\n"  # 1000 bytes
with written(folder / "f.age", [identity.to_public()]) as out:
    for _ in range(megabytes * 1000):
        out.write(line)
with lines(folder / "f.age", [identity]) as read:
    assert sum(1 for _ in read) == megabytes * 1000
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kib(megabytes: int, folder: Path) -> int:
    """The peak memory of a process that seals so much text to a file and reads it back."""
    folder.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(megabytes), str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert (folder / "f.age").stat().st_size > megabytes * 1_000_000
    return int(done.stdout)


def test_sealing_and_opening_a_larger_file_takes_no_more_memory(tmp_path: Path) -> None:
    small, large = peak_kib(4, tmp_path / "small"), peak_kib(96, tmp_path / "large")
    assert large - small < 16 * 1024, (small, large)  # 92 MB more text, under 16 MiB more held


def test_a_sealed_file_opens_with_the_identity_only(tmp_path: Path) -> None:
    identity, stranger = Identity.generate(), Identity.generate()
    with written(tmp_path / "f.age", [identity.to_public()]) as out:
        out.write("Thandi Nkosi\n+27825559876\n")
    sealed = (tmp_path / "f.age").read_bytes()
    assert b"Thandi" not in sealed and sealed.startswith(b"age-encryption.org/v1\n")
    assert pyrage.decrypt(sealed, [identity]) == b"Thandi Nkosi\n+27825559876\n"
    with lines(tmp_path / "f.age", [identity]) as read:
        assert list(read) == ["Thandi Nkosi\n", "+27825559876\n"]
    with (
        pytest.raises(SealError, match="does not open"),
        lines(tmp_path / "f.age", [stranger]) as read,
    ):
        list(read)
    with pytest.raises(SealError, match="is sealed"), lines(tmp_path / "f.age", None):
        pass


def test_a_changed_or_shortened_sealed_file_is_called_altered(tmp_path: Path) -> None:
    identity = Identity.generate()
    with written(tmp_path / "f.age", [identity.to_public()]) as out:
        out.write("x" * 200_000)
    sealed = (tmp_path / "f.age").read_bytes()
    changed = bytearray(sealed)
    changed[len(sealed) // 2] ^= 1
    for altered in (bytes(changed), sealed[: len(sealed) // 2]):
        (tmp_path / "g.age").write_bytes(altered)
        with pytest.raises(AlteredSeal), lines(tmp_path / "g.age", [identity]) as read:
            list(read)


def test_a_file_is_whole_or_absent_and_readable_by_its_owner_only(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), written(tmp_path / "f.age", None) as out:
        out.write("half of it\n")
        raise RuntimeError("the database went away")
    assert list(tmp_path.iterdir()) == []
    with written(tmp_path / "f.jsonl", None) as out:
        out.write("in clear\n")
    assert (tmp_path / "f.jsonl").stat().st_mode & 0o777 == 0o600
    with lines(tmp_path / "f.jsonl", None) as read:
        assert list(read) == ["in clear\n"]


def test_an_identity_file_of_something_else_is_refused(tmp_path: Path) -> None:
    (tmp_path / "key.txt").write_text("# a comment\nnot a key\n")
    with pytest.raises(SealError, match="not an age identity"):
        identities(tmp_path / "key.txt")
    (tmp_path / "empty.txt").write_text("# nothing\n")
    with pytest.raises(SealError, match="no age identity"):
        identities(tmp_path / "empty.txt")
