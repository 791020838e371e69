"""/docs and /redoc work on a network with no way out: every script, style and icon is ours."""

import re
from urllib.parse import urljoin

import pytest
from fastapi.testclient import TestClient

from tests.support import PASSWORD, TenantKit

ASSET = re.compile(r"""(?:src|href)="([^"]+)\"""")
CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_api_pages_load_only_assets_this_service_serves(client: TestClient, page: str) -> None:
    html = client.get(page)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "://" not in html.text, "the page names another origin"
    assets = ASSET.findall(html.text)
    assert any(a.endswith(".js") for a in assets), assets
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        served = client.get(asset)
        assert served.status_code == 200, asset
        suffix = asset[asset.rindex(".") :]
        assert served.headers["content-type"].startswith(CONTENT_TYPES[suffix]), asset
        assert len(served.content) > 1000, asset


def test_authorize_on_the_docs_page_signs_in_at_the_token_url(
    client: TestClient, tenant: TenantKit
) -> None:
    """Swagger UI's password flow posts the form to the document's tokenUrl, resolved against
    the document's own URL, and uses the access token it answers."""
    schemes = client.get("/openapi.json").json()["components"]["securitySchemes"]
    (flow,) = (s["flows"]["password"] for s in schemes.values() if s["type"] == "oauth2")
    token_url = urljoin("http://testserver/openapi.json", flow["tokenUrl"])
    assert token_url.startswith("http://testserver/"), "the token URL leaves this service"
    signed_in = client.post(
        token_url,
        data={"grant_type": "password", "username": tenant.admin_username, "password": PASSWORD},
    )
    assert signed_in.status_code == 200, signed_in.text
    token = signed_in.json()["access_token"]
    assert client.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.get("/docs/oauth2-redirect").status_code == 200
