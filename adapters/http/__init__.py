"""The HTTP API of ../shared/API.md, on FastAPI."""
