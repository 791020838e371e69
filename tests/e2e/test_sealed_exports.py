"""`aftersales audit export` seals to a recipient unless told --plaintext; `verify-export` and the
recipient's identity read it back; a big export goes to disk as it is read, chunk by chunk."""

import base64
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from secrets import token_hex

import pyrage
from pyrage.x25519 import Identity

from adapters.audit.export import export
from adapters.bootstrap import Services
from adapters.crypto.age_files import written
from commands.bus import send
from commands.tickets import AddNote
from domain.values import Role
from tests.processes import aftersales
from tests.scenario import busy_workshop
from tests.support import TenantKit, caught_up

WHOLE_TIME = ("--from", "2000-01-01", "--to", "2100-01-01")


def exported(
    services: Services, tenant: TenantKit, out: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    return aftersales(
        services,
        "audit",
        "export",
        "--tenant",
        tenant.slug,
        *WHOLE_TIME,
        "--out",
        str(out),
        *options,
    )


def key_pair(services: Services, identity: Path) -> str:
    """A recipient made by `aftersales audit keygen`, its identity written to the file."""
    made = aftersales(services, "audit", "keygen", "--out", str(identity))
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


def identity_file(path: Path) -> str:
    """A new identity written to the file by hand, as `age-keygen` would; its recipient."""
    identity = Identity.generate()
    path.write_text(f"# made by hand\n{identity}\n")
    return str(identity.to_public())


def said(done: subprocess.CompletedProcess[str]) -> str:
    """What a command said on stderr, with the console's line wrapping undone."""
    return " ".join(done.stderr.split())


def forms(value: str) -> list[bytes]:
    """The value as a file could hold it: plain, hex, UTF-16 either way, base64 at any offset."""
    raw = value.encode()
    found = [raw, raw.hex().encode(), raw.hex().upper().encode()]
    found += [value.encode("utf-16-le"), value.encode("utf-16-be")]
    for offset in range(3):  # the groups of four made of the value's bytes alone
        found.append(base64.b64encode(b"\0" * offset + raw)[4 if offset else 0 : -4])
    return found


def test_a_sealed_export_holds_no_personal_value_and_opens_with_each_identity(
    services: Services, tenant: TenantKit, tmp_path: Path
) -> None:
    shop = busy_workshop(tenant)
    caught_up(services)
    first, second = key_pair(services, tmp_path / "a.key"), key_pair(services, tmp_path / "b.key")
    assert first.startswith("age1") and (tmp_path / "a.key").stat().st_mode & 0o777 == 0o600
    (tmp_path / "auditors.txt").write_text(f"# the auditors\n{first}\n\n{second}\n")
    out = tmp_path / "history.jsonl.age"
    done = exported(services, tenant, out, "--recipient", str(tmp_path / "auditors.txt"))
    assert done.returncode == 0, done.stderr
    assert "exporting" in said(done) and "sealed to 2 recipient(s)" in said(done)
    sealed = out.read_bytes()
    assert sealed.startswith(b"age-encryption.org/v1\n") and out.stat().st_mode & 0o777 == 0o600
    values = [shop.marker, f"{shop.marker}@example.com", "Mokoena", "825559876", "it beeps"]
    assert [v for v in values for form in forms(v) if form in sealed] == []
    for key in ("a.key", "b.key"):
        identity = Identity.from_str((tmp_path / key).read_text().splitlines()[-1])
        opened = pyrage.decrypt(sealed, [identity]).decode()
        assert all(value in opened for value in values)  # the export does hold them, sealed
        checked = aftersales(
            services, "audit", "verify-export", str(out), "--identity", str(tmp_path / key)
        )
        assert checked.returncode == 0, checked.stderr
        assert json.loads(checked.stdout)["records"] == len(opened.splitlines()) - 1


def test_a_sealed_export_opens_with_its_identity_only_and_an_altered_one_fails(
    services: Services, tenant: TenantKit, tmp_path: Path
) -> None:
    recipient = identity_file(tmp_path / "mine.key")
    identity_file(tmp_path / "other.key")
    caught_up(services)
    out = tmp_path / "history.jsonl.age"
    assert exported(services, tenant, out, "--recipient", recipient).returncode == 0

    def verified(*options: str) -> subprocess.CompletedProcess[str]:
        return aftersales(services, "audit", "verify-export", str(out), *options)

    wrong = verified("--identity", str(tmp_path / "other.key"))
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert "does not open with the identity given" in said(wrong)
    without = verified()
    assert without.returncode == 2 and "is sealed: give the identity" in said(without)
    sealed = bytearray(out.read_bytes())
    sealed[-30] ^= 1
    out.write_bytes(bytes(sealed))
    altered = verified("--identity", str(tmp_path / "mine.key"))
    assert altered.returncode == 1, altered.stderr
    assert "altered or cut short" in json.loads(altered.stdout)["problem"]


def test_an_export_needs_a_recipient_or_plaintext_and_a_key_pair_is_never_overwritten(
    services: Services, tenant: TenantKit, tmp_path: Path
) -> None:
    recipient = identity_file(tmp_path / "mine.key")
    out = tmp_path / "history.jsonl"
    neither = exported(services, tenant, out)
    assert neither.returncode == 2
    assert "personal information" in said(neither) and "--recipient" in said(neither)
    assert "--plaintext" in said(neither)
    both = exported(services, tenant, out, "--recipient", recipient, "--plaintext")
    assert both.returncode == 2 and "not both" in said(both)
    bad = exported(services, tenant, out, "--recipient", "age1notakey")
    assert bad.returncode == 2 and "not an age public key" in said(bad)
    key = (tmp_path / "mine.key").read_text()
    again = aftersales(services, "audit", "keygen", "--out", str(tmp_path / "mine.key"))
    assert again.returncode == 2 and "never overwritten" in said(again)
    assert (tmp_path / "mine.key").read_text() == key
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.key"]


def test_a_large_sealed_export_goes_to_disk_while_it_is_read(
    services: Services, tenant: TenantKit, tmp_path: Path
) -> None:
    """Ciphertext lands on disk in age's 64 KiB chunks while the events are still being read,
    so what the export holds in memory does not grow with it."""
    ctx = tenant.ctx(Role.ADMIN)
    ticket = busy_workshop(tenant).ticket_id
    for _ in range(60):
        send(AddNote(ticket_id=ticket, body=token_hex(2000)), ctx, services.app)
    caught_up(services)
    identity, out = Identity.generate(), tmp_path / "big.jsonl.age"
    on_disk: list[int] = []

    def seen(_: int) -> None:
        on_disk.append(sum(f.stat().st_size for f in tmp_path.glob(".big.jsonl.age.*")))

    with written(out, [identity.to_public()]) as file:
        start, end = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
        key = services.signer.public_key_pem()
        count = export(services.database_url, services.app, tenant.id, start, end, file, key, seen)
    assert count == len(on_disk) and out.stat().st_size > 8 * 65536
    assert on_disk[count // 2] > 0  # halfway through, sealed chunks were already written
    assert len(set(on_disk)) > 5  # and more came in steps as the export went on
    assert len(pyrage.decrypt(out.read_bytes(), [identity]).splitlines()) == count + 1
