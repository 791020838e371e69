"""Signing in: tokens, deactivation, throttled failures, roles, and the login record."""

from fastapi.testclient import TestClient
from httpx import Response

from domain.values import Role
from tests.support import PASSWORD, TenantKit, caught_up


def _login(client: TestClient, username: str, password: str) -> Response:
    response: Response = client.post(
        "/v1/auth/token", data={"username": username, "password": password}
    )
    return response


def test_unknown_user_and_wrong_password_answer_alike(
    client: TestClient, tenant: TenantKit
) -> None:
    unknown = _login(client, "nobody-" + tenant.slug, PASSWORD)
    wrong = _login(client, tenant.admin_username, "not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()


def test_repeated_failures_get_429_with_retry_after(client: TestClient, tenant: TenantKit) -> None:
    agent = tenant.member(Role.AGENT)
    me = client.get("/v1/me", headers=tenant.headers(Role.AGENT)).json()
    assert me["id"] == str(agent)
    codes = [_login(client, me["username"], "wrong password!").status_code for _ in range(5)]
    assert codes == [401] * 5
    blocked = _login(client, me["username"], PASSWORD)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert blocked.json()["code"] == "too_many_attempts"


def test_an_unknown_username_is_throttled_just_like_a_known_one(
    client: TestClient, tenant: TenantKit
) -> None:
    codes = [_login(client, f"ghost-{tenant.slug}", "guess").status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]


def test_deactivation_ends_the_users_tokens(client: TestClient, tenant: TenantKit) -> None:
    technician = tenant.member(Role.TECHNICIAN)
    headers = tenant.headers(Role.TECHNICIAN)
    assert client.get("/v1/me", headers=headers).status_code == 200
    response = client.post(
        f"/v1/staff/{technician}/deactivation",
        json={"reason": "left the company"},
        headers=tenant.headers(Role.ADMIN),
    )
    assert response.status_code == 200
    assert client.get("/v1/me", headers=headers).status_code == 401
    caught_up(tenant.services)
    listed = client.get("/v1/staff", headers=tenant.headers(Role.ADMIN)).json()["items"]
    assert [s["active"] for s in listed if s["id"] == str(technician)] == [False]


def test_a_tampered_or_expired_token_is_401(client: TestClient, tenant: TenantKit) -> None:
    token = tenant.headers(Role.AGENT)["Authorization"]
    assert client.get("/v1/me", headers={"Authorization": token[:-2] + "xx"}).status_code == 401
    assert client.get("/v1/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_a_role_change_takes_effect_at_once(client: TestClient, tenant: TenantKit) -> None:
    auditor = tenant.member(Role.AUDITOR)
    headers = tenant.headers(Role.AUDITOR)
    assert client.get("/v1/staff", headers=headers).status_code == 403
    changed = client.put(
        f"/v1/staff/{auditor}/roles",
        json={"roles": ["admin"]},
        headers=tenant.headers(),
    )
    assert changed.status_code == 200
    assert client.get("/v1/staff", headers=headers).status_code == 200


def test_an_admin_cannot_lock_themselves_out(client: TestClient, tenant: TenantKit) -> None:
    headers = tenant.headers()
    demote = client.put(
        f"/v1/staff/{tenant.admin_id}/roles",
        json={"roles": ["agent"]},
        headers=headers,
    )
    assert demote.status_code == 409 and demote.json()["code"] == "self_lockout"
    leave = client.post(
        f"/v1/staff/{tenant.admin_id}/deactivation",
        json={"reason": "x"},
        headers=headers,
    )
    assert leave.status_code == 409


def test_a_taken_username_is_a_conflict(client: TestClient, tenant: TenantKit) -> None:
    body = {
        "username": tenant.admin_username,
        "display_name": "Dup",
        "password": PASSWORD,
        "roles": ["agent"],
    }
    response = client.post("/v1/staff", json=body, headers=tenant.headers())
    assert response.status_code == 409
    assert response.json()["code"] == "username_taken"


def test_logins_and_failures_are_on_the_record(client: TestClient, tenant: TenantKit) -> None:
    assert _login(client, tenant.admin_username, PASSWORD).status_code == 200
    assert _login(client, tenant.admin_username, "wrong password").status_code == 401
    caught_up(tenant.services)
    record = client.get("/v1/audit/logins", headers=tenant.headers(Role.AUDITOR))
    assert record.status_code == 200
    logins = record.json()["items"]
    assert [(x["username"], x["succeeded"]) for x in logins[:2]] == [
        (tenant.admin_username, False),
        (tenant.admin_username, True),
    ]
    assert logins[0]["source"] == "testclient"
    assert logins[0]["reason"] == "wrong password"


def test_staff_lists_show_no_password_material(client: TestClient, tenant: TenantKit) -> None:
    tenant.member(Role.AGENT)
    caught_up(tenant.services)
    response = client.get("/v1/staff", headers=tenant.headers())
    assert response.status_code == 200
    assert len(response.json()["items"]) == 2
    assert "password" not in response.text and "argon2" not in response.text


def test_the_staff_list_comes_a_page_at_a_time(client: TestClient, tenant: TenantKit) -> None:
    for roles in ((Role.AGENT,), (Role.TECHNICIAN,), (Role.AUDITOR,)):
        tenant.member(*roles)
    caught_up(tenant.services)
    headers = tenant.headers()
    first = client.get("/v1/staff", params={"limit": 2}, headers=headers).json()
    second = client.get(
        "/v1/staff", params={"limit": 2, "cursor": first["next_cursor"]}, headers=headers
    ).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    names = [s["username"] for s in first["items"] + second["items"]]
    assert names == sorted(names) and len(set(names)) == 4
    bad = client.get("/v1/staff", params={"cursor": "!!"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


def test_one_staff_user_reads_as_the_list_shows_them_and_only_in_their_tenant(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    agent = tenant.member(Role.AGENT)
    caught_up(tenant.services)
    listed = client.get("/v1/staff", headers=tenant.headers()).json()["items"]
    one = client.get(f"/v1/staff/{agent}", headers=tenant.headers())
    assert one.status_code == 200, one.text
    assert [one.json()] == [s for s in listed if s["id"] == str(agent)]
    elsewhere = client.get(f"/v1/staff/{agent}", headers=other_tenant.headers())
    assert elsewhere.status_code == 404
    not_admin = client.get(f"/v1/staff/{agent}", headers=tenant.headers(Role.AGENT))
    assert not_admin.status_code == 403
