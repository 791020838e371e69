"""HTTP tests: the app on the test database, through a real ASGI client."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from adapters.http.app import create_app


@pytest.fixture(scope="session")
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services)) as client:
        yield client
