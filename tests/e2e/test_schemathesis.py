"""Schemathesis over the whole OpenAPI document against `aftersales serve` on PostgreSQL, as an
admin and as a technician, with every check: no 5xx, and no answer the document does not
describe. schemathesis.toml holds the budget and the seed; `make fuzz` runs this alone."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.api import CUSTOMER, DEVICE
from tests.served import served_tenant
from tests.support import PASSWORD

BIN = Path(sys.executable).parent
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def served(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service on a database of its own, with a tenant whose admin is `fuzz-admin`."""
    with served_tenant(server_url, tmp_path_factory.mktemp("fuzz"), "fuzz", "fuzz-admin") as base:
        yield base


def token(base: str, username: str) -> str:
    answer = httpx.post(f"{base}/v1/auth/token", data={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def seeded(base: str) -> dict[str, str]:
    """Bearer headers of the admin and of a technician, and a ticket to read and work on."""
    admin = {"Authorization": f"Bearer {token(base, 'fuzz-admin')}"}
    staff = {"username": "fuzz-tech", "display_name": "Tech", "password": PASSWORD}
    with httpx.Client(base_url=base, headers=admin) as client:
        assert client.post("/v1/staff", json={**staff, "roles": ["technician"]}).is_success
        customer = client.post("/v1/customers", json=CUSTOMER).json()["id"]
        intake = {"customer_id": customer, "device": DEVICE, "fault_description": "F13"}
        ticket = client.post("/v1/tickets", json={**intake, "channel": "walk_in"}).json()["id"]
        assert client.post(f"/v1/tickets/{ticket}/notes", json={"body": "seen"}).is_success
    return {"admin": admin["Authorization"], "technician": f"Bearer {token(base, 'fuzz-tech')}"}


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_nothing_the_document_does_not_say(
    served: str,
) -> None:
    failed = {}
    for role, authorization in seeded(served).items():
        command = ["run", f"{served}/openapi.json"]  # every check: the default
        run = subprocess.run(
            [BIN / "schemathesis", *command, "-H", f"Authorization: {authorization}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if run.returncode != 0:
            failed[role] = run.stdout[-20000:] + run.stderr[-5000:]
    assert not failed, "\n\n".join(f"as {role}:\n{output}" for role, output in failed.items())
