"""The chain follower: links every stored record, in log order, into `audit_chain`.

Each link keeps the link before it, so every link can be checked on its own (and all of them
at once, on every core) while the chain stays one sequence: h(n) = SHA-256(h(n-1) || record n).

It reads raw notifications (no decoding, no decryption) and writes each batch's links with its
tracking position in one transaction; after a batch it signs a checkpoint of the new head when
the last one is older than the checkpoint interval. The chain's tables are append-only.
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from eventsourcing.persistence import Notification
from psycopg import Cursor
from psycopg.rows import DictRow

from adapters.audit.records import GENESIS, chain_link, content_digest, record_bytes
from adapters.audit.signing import CheckpointSigner
from projections.base import ReadModel
from projections.tables import Table


class ChainView(ReadModel):
    pipelined = False  # it reads the head and copies the links inside its batch
    tables = (Table("audit_chain"), Table("audit_checkpoints"))

    def head(self, curs: Cursor[DictRow]) -> tuple[int, bytes] | None:
        row = curs.execute(
            "SELECT notification_id, hash FROM audit_chain ORDER BY notification_id DESC LIMIT 1"
        ).fetchone()
        return (int(row["notification_id"]), bytes(row["hash"])) if row else None


class ChainConsumer:
    name = "audit_chain"

    def __init__(self, view: ChainView, signer: CheckpointSigner, interval: timedelta) -> None:
        self.view = view
        self.signer = signer
        self.interval = interval

    def position(self) -> int:
        return self.view.position()

    def consume(self, notifications: Sequence[Notification]) -> None:
        with self.view.batch(notifications[0].id, notifications[-1].id) as curs:
            head = self.view.head(curs)
            link = head[1] if head else GENESIS
            columns = "notification_id, previous, hash, digest"
            with curs.copy(f"COPY audit_chain ({columns}) FROM STDIN") as copy:
                for n in notifications:
                    record = record_bytes(
                        n.id, n.originator_id, n.originator_version, n.topic, n.state
                    )
                    previous, link = link, chain_link(link, record)
                    copy.write_row((n.id, previous, link, content_digest(record)))
            self._checkpoint_if_due(curs, notifications[-1].id, link)

    def _checkpoint_if_due(self, curs: Cursor[DictRow], notification_id: int, link: bytes) -> None:
        row = curs.execute("SELECT max(signed_at) AS last FROM audit_checkpoints").fetchone()
        now = datetime.now(UTC)
        if row and row["last"] and row["last"] > now - self.interval:
            return
        checkpoint = self.signer.sign(notification_id, link, now)
        curs.execute(
            "INSERT INTO audit_checkpoints VALUES (%s, %s, %s, %s)",
            (
                checkpoint.notification_id,
                checkpoint.hash,
                checkpoint.signed_at,
                checkpoint.signature,
            ),
        )
