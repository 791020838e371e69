"""Passwords after registration: one's own changed, an admin's reset, the change at sign-in."""

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from domain.staff import StaffUser
from domain.values import Role
from tests.support import PASSWORD, TenantKit

NEW = "a brand new passphrase"
TEMPORARY = "temporary from the admin"


def _login(client: TestClient, username: str, password: str) -> Response:
    response: Response = client.post(
        "/v1/auth/token", data={"username": username, "password": password}
    )
    return response


def _bearer(body: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {body['access_token']}"}


def _username(client: TestClient, headers: dict[str, str]) -> str:
    return str(client.get("/v1/me", headers=headers).json()["username"])


def test_staff_change_their_own_password_and_their_old_tokens_stop_working(
    client: TestClient, tenant: TenantKit
) -> None:
    old = tenant.headers(Role.AGENT)
    username = _username(client, old)
    changed = client.post(
        "/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW}, headers=old
    )
    assert changed.status_code == 200, changed.text
    assert client.get("/v1/me", headers=old).status_code == 401
    assert client.get("/v1/me", headers=_bearer(changed.json())).status_code == 200
    assert _login(client, username, PASSWORD).status_code == 401
    assert _login(client, username, NEW).status_code == 200


def test_a_wrong_current_password_is_refused_naming_the_field_and_changes_nothing(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = tenant.headers(Role.TECHNICIAN)
    wrong = client.post(
        "/v1/me/password",
        json={"current_password": "not my password", "new_password": NEW},
        headers=headers,
    )
    assert wrong.status_code == 422
    assert [e["field"] for e in wrong.json()["errors"]] == ["current_password"]
    weak = client.post(
        "/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "short"},
        headers=headers,
    )
    assert weak.status_code == 422 and weak.json()["errors"][0]["field"] == "new_password"
    assert client.get("/v1/me", headers=headers).status_code == 200
    user = tenant.services.app.find(StaffUser, tenant.member(Role.TECHNICIAN))
    assert user is not None and user.credentials_generation == 0


def test_only_an_admin_may_reset_a_password(client: TestClient, tenant: TenantKit) -> None:
    technician = tenant.member(Role.TECHNICIAN)
    refused = client.post(
        f"/v1/staff/{technician}/password-reset",
        json={"password": TEMPORARY},
        headers=tenant.headers(Role.AGENT),
    )
    assert refused.status_code == 403
    user = tenant.services.app.find(StaffUser, technician)
    assert user is not None and not user.password_change_required


def test_after_a_reset_old_tokens_are_refused_and_a_new_password_must_be_chosen(
    client: TestClient, tenant: TenantKit
) -> None:
    technician = tenant.member(Role.TECHNICIAN)
    old = tenant.headers(Role.TECHNICIAN)
    username = _username(client, old)
    reset = client.post(
        f"/v1/staff/{technician}/password-reset",
        json={"password": TEMPORARY},
        headers=tenant.headers(Role.ADMIN),
    )
    assert reset.status_code == 200, reset.text
    assert client.get("/v1/me", headers=old).status_code == 401
    assert _login(client, username, PASSWORD).status_code == 401

    required = _login(client, username, TEMPORARY)
    assert required.status_code == 403
    body = required.json()
    assert body["code"] == "password_change_required" and body["expires_in"] == 300
    ticket = body["change_ticket"]
    assert client.get("/v1/me", headers={"Authorization": f"Bearer {ticket}"}).status_code == 401
    same = client.post(
        "/v1/auth/password-change", data={"change_ticket": ticket, "new_password": TEMPORARY}
    )
    assert same.status_code == 422 and same.json()["errors"][0]["field"] == "new_password"

    chosen = client.post(
        "/v1/auth/password-change", data={"change_ticket": ticket, "new_password": NEW}
    )
    assert chosen.status_code == 200, chosen.text
    assert client.get("/v1/me", headers=_bearer(chosen.json())).json()["id"] == str(technician)
    again = client.post(
        "/v1/auth/password-change", data={"change_ticket": ticket, "new_password": NEW + "!"}
    )
    assert again.status_code == 401 and again.json()["code"] == "invalid_change_ticket"
    assert _login(client, username, NEW).status_code == 200


def test_password_events_hold_no_hash_or_password_in_plaintext(
    client: TestClient, tenant: TenantKit
) -> None:
    auditor = tenant.member(Role.AUDITOR)
    client.post(
        f"/v1/staff/{auditor}/password-reset",
        json={"password": TEMPORARY},
        headers=tenant.headers(Role.ADMIN),
    )
    with tenant.services.datastore.transaction(commit=False) as curs:
        curs.execute(
            "SELECT topic, state FROM aftersales_events WHERE originator_id = %s", (auditor,)
        )
        rows = curs.fetchall()
    reset = [bytes(r["state"]) for r in rows if r["topic"].endswith("PasswordReset")]
    assert len(reset) == 1
    assert b"argon2" not in reset[0] and TEMPORARY.encode() not in reset[0]


def test_guessing_the_current_password_with_a_token_is_throttled_as_sign_in_is(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = tenant.headers(Role.COMPLIANCE_OFFICER)

    def guess(current: str) -> int:
        body = {"current_password": current, "new_password": NEW}
        return int(client.post("/v1/me/password", json=body, headers=headers).status_code)

    assert [guess(f"guess number {n}") for n in range(5)] == [422] * 5
    assert guess(PASSWORD) == 429
