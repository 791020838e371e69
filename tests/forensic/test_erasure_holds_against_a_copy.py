"""Issue 13's acceptance test (POPIA s14(5)): an erasure holds against a forensic examiner.

A file copy of the cluster (data files and WAL) and a pg_dump are taken while the person is on
record; then the person is erased and the key epoch sealed, and VACUUM is not run. The examiner
holds the cluster's files as they are now, the earlier copy, the earlier dump, and every key file
left in the service's data folder: none of it may give back any of the person's values in any
encoding, nor open any of the person's data keys as the copies hold them. The device's serial and
repair history still read, de-identified, a bystander still reads, and the audit chain verifies.
"""

from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import psycopg
from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from adapters.http.app import create_app
from domain.customer import Customer
from domain.values import Role
from tests.e2e.api import register_customer
from tests.forensic.cluster import Cluster, cluster_of
from tests.forensic.person import Person, a_person_with_a_history, phone, random_values, token
from tests.forensic.report import compact, in_dump
from tests.forensics import Finding, keys_in, scan, unwrapped
from tests.privacy import rebootstrap
from tests.processes import aftersales
from tests.providers.accounts import Providers
from tests.support import TenantKit, caught_up, new_tenant

BOX = str.maketrans("", "", "╭╮╰╯─│")  # the frame the command draws around an error


def test_after_erasure_and_seal_no_copy_of_the_database_gives_back_the_person(
    fresh_services: Callable[..., Services], providers: Providers, tmp_path: Path
) -> None:
    services = fresh_services(data_dir=tmp_path / "service")  # a key store of its own
    services.workers.start()
    tenant = new_tenant(services)
    values = random_values()
    with TestClient(create_app(services)) as client:
        person = a_person_with_a_history(client, tenant, providers, values)
        bystander = register_customer(
            client, tenant.headers(), name=f"Bystander{token()}", phone=phone(), email=None
        )
        caught_up(services)
        cluster = cluster_of(services.database_url)
        wrapped = cluster.wrapped_keys(person.customer_id)
        opened = unwrapped(wrapped, keys_in(services.settings.data_dir))
        assert wrapped and opened.keys() == wrapped.keys(), (
            "the examiner cannot unwrap the person's keys even before the erasure: make "
            f"tests/forensics.py unwrap match how keys are wrapped ({len(wrapped)} keys, "
            f"{len(opened)} opened)"
        )
        copy = cluster.copy(tmp_path / "copy")
        dump = cluster.dump(tmp_path / "before.sql")
        _found_where_it_must_be(cluster, copy, dump, tenant.slug)

        problems = _erase_and_seal(client, tenant, person, values["reason"])
        cluster.checkpoint()
        findings = _findings(cluster, copy, dump, {**values, "fingerprint": person.fingerprint})
        problems += _keys_that_open(wrapped, services.settings.data_dir)
        problems += _still_reads(client, tenant, person)
        problems += _bystander_reads(services, UUID(bystander))
    assert not problems and not findings, "\n".join(
        ["the erased person can be read back:", *problems, *compact(findings)]
    )


def _erase_and_seal(
    client: TestClient, tenant: TenantKit, person: Person, reason: str
) -> list[str]:
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    erased = client.post(
        f"/v1/customers/{person.customer_id}/erasure", json={"reason": reason}, headers=officer
    )
    assert erased.status_code == 200, erased.text
    caught_up(tenant.services)
    sealed = aftersales(tenant.services, "keys", "seal")
    caught_up(tenant.services)
    if sealed.returncode == 0:
        return []
    said = " ".join(sealed.stderr.translate(BOX).split()[-30:])
    return [f"`aftersales keys seal` failed ({sealed.returncode}): {said}"]


def _keys_that_open(wrapped: dict[str, bytes], data_dir: Path) -> list[str]:
    """The person's keys, as the copies hold them wrapped, that a key file left opens."""
    left = unwrapped(wrapped, keys_in(data_dir))
    if not left:
        return []
    return [
        f"{len(left)} of the person's {len(wrapped)} wrapped keys in the copies open with a "
        f"key left in the data folder: {sorted(set(left.values()))}"
    ]


def _findings(
    cluster: Cluster, copy: Path, dump: Path, values: dict[str, str | bytes]
) -> list[tuple[str, Finding]]:
    """Each finding with where it is: 'now <relation or folder>', 'copy <...>' or 'dump <table>'."""
    now = [
        (f"now {cluster.place(f.path, cluster.data_dir)}", f) for f in scan(cluster.files(), values)
    ]
    then = [(f"copy {cluster.place(f.path, copy)}", f) for f in scan(cluster.files(copy), values)]
    text = dump.read_bytes()
    dumped = [(f"dump {in_dump(text, f.offset)}", f) for f in scan([dump], values)]
    return now + then + dumped


def _found_where_it_must_be(cluster: Cluster, copy: Path, dump: Path, slug: str) -> None:
    """The scan sees what it should: the tenant's slug (not personal, kept in plain text) is in
    the database's files, the WAL, the copy of both, and the dump; and the WAL is not
    compressed (the scan does not look inside compressed records)."""
    with psycopg.connect(cluster.url) as conn:
        row = conn.execute("SELECT current_setting('wal_compression')").fetchone()
    assert row is not None and row[0] == "off", f"wal_compression is {row}: the scan is blind"
    places = {
        "the database's files": cluster.database,
        "the WAL": cluster.data_dir / "pg_wal",
        "the copy of the database's files": copy / cluster.database.relative_to(cluster.data_dir),
        "the copy of the WAL": copy / "pg_wal",
        "the dump": dump,
    }
    for name, path in places.items():
        assert scan([path], {"slug": slug}), f"the scan does not see {name} ({path})"


def _still_reads(client: TestClient, tenant: TenantKit, person: Person) -> list[str]:
    """The device's serial and repair history read, with nothing of the person."""
    staff = tenant.headers(Role.ADMIN)
    history = client.get(f"/v1/devices/{person.serial}/history", headers=staff)
    if history.status_code != 200:
        return [f"the device's history does not read: {history.status_code} {history.text}"]
    entries = history.json()["items"]
    repairs = [
        (e["repair_kind"], e["part_number"]) for e in entries if e["kind"] == "repair_recorded"
    ]
    problems = []
    if {e["kind"] for e in entries} < {"ticket_opened", "repair_recorded", "ticket_closed"}:
        problems.append(f"the device's history lost entries: {[e['kind'] for e in entries]}")
    if repairs != [("part_replaced", "RLY-7")]:
        problems.append(f"the device's repairs do not read: {repairs}")
    if any(e["text"] is not None or not e["erased"] for e in entries):
        problems.append("the device's history is not de-identified")
    customer = client.get(f"/v1/customers/{person.customer_id}", headers=staff).json()
    if not customer.get("erased") or customer.get("name") is not None:
        problems.append(f"the customer does not read erased: {customer}")
    verified = aftersales(tenant.services, "audit", "verify")
    if verified.returncode != 0 or "intact" not in verified.stderr:
        problems.append(f"the audit chain does not verify: {verified.stderr[-500:]}")
    return problems


def _bystander_reads(services: Services, customer_id: UUID) -> list[str]:
    """A service started afresh, with only the keys the seal left, reads someone not erased."""
    again = rebootstrap(services)
    try:
        customer = again.app.find(Customer, customer_id)
    finally:
        again.close()
    if customer is None or customer.name is None:
        return ["after the seal, a restarted service cannot read a customer who was not erased"]
    return []
