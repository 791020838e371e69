"""The KEK store the setting names: the file store by default or for `file:` URLs, else an
installed package's, refused when none offers the scheme."""

from pathlib import Path

import pytest

from adapters.crypto.kek import KekError
from adapters.crypto.kek_files import FileKekStore, open_kek_store


def test_unset_the_kek_store_is_keks_in_the_data_dir() -> None:
    store = open_kek_store(None, Path("/srv/aftersales"))
    assert isinstance(store, FileKekStore) and store.directory == Path("/srv/aftersales/keks")


def test_a_file_url_names_the_directory_of_the_keks() -> None:
    store = open_kek_store("file:///run/secrets/aftersales%20keks", Path("/srv/aftersales"))
    assert isinstance(store, FileKekStore)
    assert store.directory == Path("/run/secrets/aftersales keks")


def test_a_scheme_no_installed_package_offers_is_refused() -> None:
    with pytest.raises(KekError, match="no KEK store for 'vault' URLs"):
        open_kek_store("vault://vault.internal/aftersales", Path("/srv/aftersales"))
