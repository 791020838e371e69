"""The data keys as the service opens them from settings: their table, the KEK store and the
keyring over it, the master key of a store from before epochs adopted once."""

from adapters.crypto.data_key_cache import DataKeyCache
from adapters.crypto.kek_files import open_kek_store
from adapters.crypto.keyring import Keyring
from adapters.crypto.legacy_master import DEFAULT_FILE, adopt_master_key
from adapters.postgres.data_key_table import DataKeyTable
from adapters.postgres.kek_epochs import KekEpochs
from adapters.settings import Settings
from commands.application import Aftersales


def open_data_keys(settings: Settings, url: str) -> DataKeyCache:
    """The data keys, in their own database if one is set (else with the events), under the
    configured KEK store; refuses a store whose KEKs did not wrap the stored keys."""
    shared = settings.keystore_database_url in (None, url)
    table = DataKeyTable(settings.keystore_database_url or url, shares_events_database=shared)
    try:
        store = open_kek_store(settings.kek_store, settings.data_dir)
        keyring = Keyring(store, KekEpochs(table.pool), settings.key_refresh_seconds)
        master = settings.master_key.get_secret_value() if settings.master_key else None
        own = settings.data_dir / DEFAULT_FILE
        adopt_master_key(keyring, master, settings.master_key_file, own)
        keyring.check()
    except Exception:
        table.pool.close()
        raise
    return DataKeyCache(
        table,
        keyring,
        snapshots_table=f"{Aftersales.name.lower()}_snapshots",
        cache_size=settings.key_cache_size,
        refresh_seconds=settings.key_refresh_seconds,
    )
