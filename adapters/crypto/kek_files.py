"""The file-backed KEK store: each epoch's KEK in a file of its own, `<dir>/<epoch>.key`.

The directory and its files are readable by their owner only. A KEK is written aside, synced,
then linked into place (so it appears whole, once) and the directory synced; retiring one
overwrites the file's bytes, syncs them, unlinks it and syncs the directory, so neither the
name nor the bytes come back after a crash. Keep this directory out of the database's backups.
`open_kek_store` opens this store, or another that the setting names.
"""

import os
import tempfile
from importlib.metadata import entry_points
from pathlib import Path
from urllib.parse import unquote, urlsplit

from adapters.crypto.kek import KekError
from adapters.crypto.kek_store import ENTRY_POINTS, KekStore

SUFFIX = ".key"


class FileKekStore(KekStore):
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def epochs(self) -> list[int]:
        if not self.directory.is_dir():
            return []
        names = (path.name.removesuffix(SUFFIX) for path in self.directory.glob(f"*{SUFFIX}"))
        return sorted(int(name) for name in names if name.isdigit())

    def get(self, epoch: int) -> bytes | None:
        try:
            return self._path(epoch).read_bytes()
        except FileNotFoundError:
            return None

    def create(self, epoch: int, key: bytes) -> bytes:
        path = self._path(epoch)
        if not path.exists():
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor, aside = tempfile.mkstemp(dir=self.directory, prefix=f".{path.name}.")
            try:
                with os.fdopen(descriptor, "wb") as file:  # mkstemp makes it 0600
                    file.write(key)
                    file.flush()
                    os.fsync(file.fileno())
                os.link(aside, path)
                os.unlink(aside)  # the KEK's other name: its bytes stay, as the epoch's file
            except BaseException:  # another process made it first (theirs it is), or failed
                shred(Path(aside))
                if not path.exists():
                    raise
            _sync_directory(self.directory)
        return path.read_bytes()

    def retire(self, epoch: int) -> None:
        path = self._path(epoch)
        for leftover in [path, *self.directory.glob(f".{path.name}.*")]:
            shred(leftover)
        if self.directory.is_dir():
            _sync_directory(self.directory)

    def _path(self, epoch: int) -> Path:
        return self.directory / f"{epoch}{SUFFIX}"


def open_kek_store(url: str | None, data_dir: Path) -> KekStore:
    """The store the URL names: `file:///dir`, unset for `keks/` in the data dir, or another
    scheme's store from an installed entry point."""
    if not url:
        return FileKekStore(data_dir / "keks")
    scheme = urlsplit(url).scheme
    if scheme == "file":
        return FileKekStore(Path(unquote(urlsplit(url).path)))
    found = entry_points(group=ENTRY_POINTS, name=scheme)
    if not found:
        raise KekError(
            f"no KEK store for {scheme!r} URLs: `file:` is built in, others come from a "
            f"package's entry point in the group {ENTRY_POINTS!r}"
        )
    store = next(iter(found)).load()(url)
    if not isinstance(store, KekStore):
        raise KekError(f"the {scheme!r} entry point did not make a KekStore")
    return store


def shred(path: Path) -> None:
    """Overwrite the file's bytes, sync them, and unlink it; nothing when it is gone."""
    try:
        with path.open("r+b") as file:
            file.write(os.urandom(path.stat().st_size))
            file.flush()
            os.fsync(file.fileno())
    except FileNotFoundError:
        return
    os.unlink(path)


def _sync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
