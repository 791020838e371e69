"""The `aftersales` command as an operator uses it."""

from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from domain.tenant import Tenant
from tests.processes import aftersales
from tests.scenario import busy_workshop, view_rows
from tests.support import PASSWORD, TenantKit, caught_up, wait_until


def test_tenant_create_prints_the_new_tenants_id(services: Services) -> None:
    slug = f"cli-{uuid4().hex[:8]}"
    done = aftersales(
        services,
        "tenant",
        "create",
        "--name",
        "Cape Solar Repairs",
        "--slug",
        slug,
        "--admin-username",
        f"{slug}-boss",
        "--admin-password",
        "a long enough password",
    )
    assert done.returncode == 0, done.stderr
    tenant = services.app.find(Tenant, UUID(done.stdout.strip()))
    assert tenant is not None and tenant.slug == slug and tenant.name == "Cape Solar Repairs"


def test_tenant_create_explains_bad_input_without_a_traceback(services: Services) -> None:
    done = aftersales(
        services,
        "tenant",
        "create",
        "--name",
        "X",
        "--slug",
        "Not A Slug!",
        "--admin-username",
        "someone-x",
        "--admin-password",
        "a long enough password",
    )
    assert done.returncode == 2
    assert "slug" in done.stderr and "Traceback" not in done.stderr


def test_projections_status_shows_each_read_models_position_lag_and_runner(
    services: Services,
) -> None:
    caught_up(services)
    done = aftersales(services, "projections", "status")
    assert done.returncode == 0, done.stderr
    head = services.app.recorder.max_notification_id()
    for follower in services.workers.projections.values():  # named by version: ticket_queue_v2
        row = next(line for line in done.stdout.splitlines() if f" {follower.name} " in line)
        cells = [cell.strip() for cell in row.strip("│ ").split("│")]
        assert cells[1:4] == [str(head), str(head), "0"], row
        assert cells[4].startswith("aftersales follower "), row


def test_projections_rebuild_takes_over_from_the_running_service_and_hands_back(
    services: Services, tenant: TenantKit
) -> None:
    busy_workshop(tenant)
    caught_up(services)
    before = view_rows(services, "device_history")
    done = aftersales(services, "projections", "rebuild", "device_history", "--wait", "20")
    assert done.returncode == 0, done.stderr
    assert "rebuilt device_history" in done.stderr and "events/s" in done.stderr
    assert view_rows(services, "device_history") == before
    wait_until(services.workers.projections["device_history"].active.is_set)
    unknown = aftersales(services, "projections", "rebuild", "device_histories")
    assert unknown.returncode == 2 and "device_history" in unknown.stderr


def test_staff_reset_password_lets_a_locked_out_admin_back_in_by_a_new_password(
    services: Services, client: TestClient, tenant: TenantKit
) -> None:
    old = tenant.headers()
    reset = ["staff", "reset-password", "--tenant", tenant.slug, "--username"]
    done = aftersales(services, *reset, tenant.admin_username, "--password", "given by phone")
    assert done.returncode == 0, done.stderr
    assert "choose a new one" in done.stdout
    assert client.get("/v1/me", headers=old).status_code == 401
    signing_in = {"username": tenant.admin_username, "password": "given by phone"}
    assert client.post("/v1/auth/token", data=signing_in).json()["code"] == (
        "password_change_required"
    )
    kept = [*reset, tenant.admin_username, "--password", "the admin's own", "--no-change-required"]
    assert aftersales(services, *kept).returncode == 0
    signed_in = client.post(
        "/v1/auth/token", data={"username": tenant.admin_username, "password": "the admin's own"}
    )
    assert signed_in.status_code == 200, signed_in.text
    assert (
        client.post("/v1/auth/token", data={**signing_in, "password": PASSWORD}).status_code == 401
    )


def test_staff_reset_password_refuses_a_user_of_another_tenant(
    services: Services, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    reset = ["staff", "reset-password", "--tenant", other_tenant.slug]
    done = aftersales(services, *reset, "--username", tenant.admin_username, "--password", "x" * 12)
    assert done.returncode == 2 and "no staff user" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
