"""`aftersales audit`: verify, export with the chain, and check an export offline."""

import base64
import json
import sys
from pathlib import Path

from adapters.bootstrap import Services
from domain.values import Role
from tests.processes import aftersales
from tests.support import TenantKit, caught_up

CLI = Path(sys.executable).parent / "aftersales"


def test_a_plaintext_export_warns_verifies_offline_and_a_changed_record_does_not(
    services: Services, tenant: TenantKit, tmp_path: Path
) -> None:
    tenant.member(Role.AGENT)
    tenant.member(Role.TECHNICIAN)
    caught_up(services)
    out = tmp_path / "export.jsonl"
    done = aftersales(
        services,
        "audit",
        "export",
        "--tenant",
        tenant.slug,
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
        "--out",
        str(out),
        "--plaintext",
    )
    assert done.returncode == 0, done.stderr
    warned = " ".join(done.stderr.split())  # the console's line wrapping undone
    assert "warning" in warned and "personal information in clear" in warned
    lines = out.read_text().splitlines()
    header, records = json.loads(lines[0]), [json.loads(line) for line in lines[1:]]
    assert header["tenant_id"] == str(tenant.id) and header["checkpoints"]
    assert len(records) >= 7 and {r["type"] for r in records} >= {"Tenant.Created"}
    assert all(r["data"] is not None for r in records)
    checked = aftersales(services, "audit", "verify-export", str(out))
    assert checked.returncode == 0, checked.stdout
    assert json.loads(checked.stdout)["records"] == len(records)

    forged = dict(records[2])
    state = bytearray(base64.b64decode(forged["stored"]["state"]))
    state[5] ^= 1
    forged["stored"] = {**forged["stored"], "state": base64.b64encode(bytes(state)).decode()}
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("\n".join([lines[0], lines[1], lines[2], json.dumps(forged), *lines[4:]]))
    refused = aftersales(services, "audit", "verify-export", str(tampered))
    assert refused.returncode == 1
    assert str(forged["position"]) in json.loads(refused.stdout)["problem"]


def test_verify_with_checkpoints_held_outside(services: Services, tmp_path: Path) -> None:
    caught_up(services)
    handed = aftersales(
        services,
        "audit",
        "checkpoints",
        "--out",
        str(tmp_path / "cp.jsonl"),
        "--public-key",
        str(tmp_path / "key.pem"),
    )
    assert handed.returncode == 0, handed.stderr
    assert "BEGIN PUBLIC KEY" in (tmp_path / "key.pem").read_text()
    verified = aftersales(services, "audit", "verify", "--checkpoints", str(tmp_path / "cp.jsonl"))
    assert verified.returncode == 0, verified.stderr
    assert "intact" in verified.stderr
