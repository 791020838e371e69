"""Failed logins counted in PostgreSQL, so every replica of the service sees them.

Each attempt claims a row before its password is checked (commands/login.py); a success takes
its claim back. Claims for one username, and for one source address, take turns under advisory
locks, so parallel guesses see each other's claims and no more than the limit get checked.
The limits, and why they are these, are in docs/security.md. A row holds keyed digests of the
username, the address and the device (adapters/digests.py), never them, and is deleted once its
window ends: by the next claim, or by the `work` process's pruning."""

from datetime import timedelta

from eventsourcing.postgres import PostgresDatastore
from psycopg.sql import SQL, Composable, Identifier

from adapters.digests import KeyedDigest
from adapters.known_devices import KnownDevices
from adapters.postgres.rate_limit import lock, sweep, wait_at_limit
from commands.login import Attempt

USERNAME_LOCK = 7_201_103  # advisory lock classes: a username's claims, a source's claims
SOURCE_LOCK = 7_201_104
PAIR = SQL("username_digest = %s AND source_digest = %s AND device_digest IS NULL")
USERNAME = SQL("username_digest = %s AND device_digest IS NULL")
SOURCE = SQL("source_digest = %s AND device_digest IS NULL")
DEVICE = SQL("username_digest = %s AND device_digest = %s")


class PostgresLoginThrottle:
    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        max_failures: int,
        max_failures_per_username: int,
        max_failures_per_source: int,
        window: timedelta,
        devices: KnownDevices,
        digest: KeyedDigest,
    ) -> None:
        self.datastore = datastore
        self.max_failures = max_failures
        self.max_failures_per_username = max_failures_per_username
        self.max_failures_per_source = max_failures_per_source
        self.window = window
        self.devices = devices
        self.digest = digest
        self.table = SQL("{}.aftersales_login_failures").format(Identifier(datastore.schema))

    def claim(self, attempt: Attempt) -> int | None:
        """Count the attempt as a failure until it succeeds; seconds to wait instead, when one of
        its limits is reached."""
        attempt = self._digests(attempt)
        with self.datastore.transaction(commit=True) as curs:
            lock(curs, USERNAME_LOCK, attempt.username)
            if attempt.device is None:
                lock(curs, SOURCE_LOCK, attempt.source)
            sweep(curs, self.table, "failed_at", self.window)
            waits = [
                wait_at_limit(curs, self.table, "failed_at", where, params, limit, self.window)
                for where, params, limit in self._limits(attempt)
            ]
            if blocked := [w for w in waits if w is not None]:
                return max(blocked)
            curs.execute(
                SQL(
                    "INSERT INTO {} (username_digest, source_digest, device_digest) "
                    "VALUES (%s, %s, %s)"
                ).format(self.table),
                (attempt.username, attempt.source, attempt.device),
            )
        return None

    def release(self, attempt: Attempt) -> None:
        """The attempt succeeded: forget its claim and the earlier failures from its source
        (or its known device) for this username; others' failures still count."""
        where, params, _ = self._limits(self._digests(attempt))[0]
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SQL("DELETE FROM {} WHERE {}").format(self.table, where), params)

    def prune(self) -> int:
        """Delete the failures whose window has ended; how many."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL("DELETE FROM {} WHERE failed_at < now() - %s").format(self.table),
                (self.window,),
            )
            return curs.rowcount

    def _digests(self, attempt: Attempt) -> Attempt:
        """The attempt as the table counts it: each part a keyed digest."""
        device = self.digest("device", attempt.device) if attempt.device is not None else None
        return Attempt(
            self.digest("username", attempt.username), self.digest("source", attempt.source), device
        )

    def _limits(self, attempt: Attempt) -> list[tuple[Composable, tuple[str, ...], int]]:
        """What the attempt is counted against: a known device only against itself; any other
        against its (username, source) pair, the username's budget and the source's."""
        username, source = attempt.username, attempt.source
        if attempt.device is not None:
            return [(DEVICE, (username, attempt.device), self.max_failures)]
        return [
            (PAIR, (username, source), self.max_failures),
            (USERNAME, (username,), self.max_failures_per_username),
            (SOURCE, (source,), self.max_failures_per_source),
        ]
