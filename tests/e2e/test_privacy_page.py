"""A tenant's public privacy page: its notice, the request form (with its own CSRF proof), and
the code entry that follows; no sign-in, no staff navigation, the workspace's headers."""

import re

from fastapi.testclient import TestClient

from domain.values import Role
from tests.privacy import NOTICE, from_source
from tests.support import TenantKit

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def test_the_page_shows_the_notice_and_takes_a_request_then_its_code(
    client: TestClient, tenant: TenantKit
) -> None:
    published = client.post(
        "/v1/tenant/privacy-notices", json=NOTICE, headers=tenant.headers(Role.ADMIN)
    )
    assert published.status_code == 201, published.text
    public = from_source(tenant.services)
    page = public.get(f"/privacy/{tenant.slug}")
    assert page.status_code == 200, page.text
    assert NOTICE["regulator_contact"].split(";")[0] in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script" not in page.text and 'aria-label="Main"' not in page.text
    found = CSRF.search(page.text)
    assert found is not None
    form = {"csrf": found.group(1), "kind": "access", "name": "Thandi", "email": "x@example.org"}

    forged = from_source(tenant.services).post(f"/privacy/{tenant.slug}/requests", data=form)
    assert forged.status_code == 403, "another browser's proof is no proof"
    other_site = public.post(
        f"/privacy/{tenant.slug}/requests", data=form, headers={"origin": "https://evil.example"}
    )
    assert other_site.status_code == 403
    refused = public.post(f"/privacy/{tenant.slug}/requests", data={**form, "email": "nope"})
    assert refused.status_code == 422 and 'value="Thandi"' in refused.text

    asked = public.post(f"/privacy/{tenant.slug}/requests", data=form)
    assert asked.status_code == 200, asked.text
    reference = re.search(r"<strong>(PR-[0-9A-F]{10})</strong>", asked.text)
    assert reference is not None and "we answer it by" in asked.text
    csrf = CSRF.search(asked.text)
    assert csrf is not None
    wrong = public.post(
        f"/privacy/{tenant.slug}/requests/{reference.group(1)}/verification",
        data={"csrf": csrf.group(1), "code": "000000"},
    )
    assert wrong.status_code == 422 and "Enter your code" in wrong.text
    junk = public.post(
        f"/privacy/{tenant.slug}/requests/{reference.group(1)}/verification",
        data={"csrf": csrf.group(1), "code": "12ab\x1b"},
    )
    assert junk.status_code == 422 and "Enter your code" in junk.text
    again = public.post(
        f"/privacy/{tenant.slug}/requests/{reference.group(1)}/verification-code",
        data={"csrf": csrf.group(1)},
    )
    assert again.status_code == 200 and "A new code is on its way" in again.text


def test_an_unknown_slug_is_not_found(client: TestClient) -> None:
    assert client.get("/privacy/no-such-shop-here").status_code == 404
    assert client.get("/privacy/Not%20A%20Slug").status_code == 404
