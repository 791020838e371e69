"""The login throttle through HTTP: guesses are claimed before the password is checked, and a
stranger's guesses do not shut the account's owner out."""

from collections.abc import Callable
from uuid import uuid4

from fastapi.testclient import TestClient
from httpx import Response

from adapters.bootstrap import Services
from domain.values import Role
from tests.parallel import all_at_once
from tests.privacy import from_source
from tests.support import PASSWORD, TenantKit, caught_up, new_tenant


def _login(client: TestClient, username: str, password: str) -> Response:
    response: Response = client.post(
        "/v1/auth/token", data={"username": username, "password": password}
    )
    return response


def _failures_on_record(client: TestClient, tenant: TenantKit, username: str) -> int:
    """Failed logins recorded on the user: one for each wrong password that was checked."""
    caught_up(tenant.services)
    answer = client.get("/v1/audit/logins?limit=100", headers=tenant.headers(Role.AUDITOR))
    assert answer.status_code == 200, answer.text
    return sum(
        1 for x in answer.json()["items"] if x["username"] == username and not x["succeeded"]
    )


def _username(client: TestClient, tenant: TenantKit, role: Role) -> str:
    tenant.member(role)
    username: str = client.get("/v1/me", headers=tenant.headers(role)).json()["username"]
    return username


def test_thirty_parallel_wrong_passwords_for_one_username_verify_at_most_five(
    client: TestClient, tenant: TenantKit
) -> None:
    username = _username(client, tenant, Role.AGENT)
    guesser = from_source(tenant.services)
    answers = all_at_once(lambda: _login(guesser, username, "a wrong guess").status_code, 30)
    limit = tenant.services.settings.login_max_failures
    assert set(answers) <= {401, 429}, answers
    assert 1 <= answers.count(401) <= limit, answers
    assert _failures_on_record(client, tenant, username) == answers.count(401)


def test_a_strangers_failures_from_one_address_leave_the_owner_signing_in_from_another(
    client: TestClient, tenant: TenantKit
) -> None:
    username = _username(client, tenant, Role.TECHNICIAN)
    stranger, owner = from_source(tenant.services), from_source(tenant.services)
    limit = tenant.services.settings.login_max_failures
    codes = [_login(stranger, username, "a wrong guess").status_code for _ in range(limit + 1)]
    assert codes == [401] * limit + [429]
    assert _login(stranger, username, PASSWORD).status_code == 429
    assert _login(owner, username, PASSWORD).status_code == 200


def test_a_known_device_signs_in_while_strangers_spend_the_accounts_budget(
    fresh_services: Callable[..., Services],
) -> None:
    """Guesses from many addresses share one budget per username; once it is spent, only a
    device that signed in as the user before (its signed cookie proves it) gets through."""
    services = fresh_services(login_max_failures=2, login_max_failures_per_username=3)
    tenant = new_tenant(services)
    front_desk = from_source(services)
    signed_in = _login(front_desk, tenant.admin_username, PASSWORD)
    assert signed_in.status_code == 200
    cookie = signed_in.headers["set-cookie"].lower()
    assert all(a in cookie for a in ("httponly", "samesite=strict", "path=/v1/auth")), cookie
    for guesses in (2, 1):
        stranger = from_source(services)
        for _ in range(guesses):
            assert _login(stranger, tenant.admin_username, "a wrong guess").status_code == 401
    refused = _login(from_source(services), tenant.admin_username, PASSWORD)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert _login(front_desk, tenant.admin_username, PASSWORD).status_code == 200


def test_one_address_guessing_across_usernames_is_stopped(
    fresh_services: Callable[..., Services],
) -> None:
    services = fresh_services(login_max_failures_per_source=3)
    tenant = new_tenant(services)
    sprayer = from_source(services)
    codes = [
        _login(sprayer, f"{tenant.slug}-{uuid4().hex[:8]}", "Summer2025!").status_code
        for _ in range(4)
    ]
    assert codes == [401] * 3 + [429]
    assert _login(sprayer, tenant.admin_username, PASSWORD).status_code == 429
    assert _login(from_source(services), tenant.admin_username, PASSWORD).status_code == 200
