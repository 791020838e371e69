"""JSON Schemas of the published messages, one per event type, made from the event classes.

`python -m adapters.kafka.schemas [DIR]` writes them to docs/events/ (a test keeps them current).
Fields typed `Personal` are null or a ciphertext envelope; credentials are never published.
"""

import json
import sys
import types
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin, get_type_hints
from uuid import UUID

from eventsourcing.domain import Aggregate

from adapters.kafka.catalogue import (
    SCHEMA_VERSION,
    event_type,
    published_events,
    topic_name,
)
from domain.event_fields import BOOKKEEPING, CREDENTIALS
from domain.personal import personal_fields

DOCS = Path(__file__).resolve().parents[2] / "docs" / "events"
BASE = "https://aftersales.co.za/events"
ENVELOPE = {
    "description": "personal information, encrypted with its data subject's key",
    "type": "object",
    "properties": {"key_id": {"type": "string"}, "ciphertext": {"type": "string"}},
    "required": ["key_id", "ciphertext"],
    "additionalProperties": False,
}
SIMPLE: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    UUID: {"type": "string", "format": "uuid"},
    date: {"type": "string", "format": "date"},
    datetime: {"type": "string", "format": "date-time"},
}


def field_schema(hint: Any) -> dict[str, Any]:
    """The JSON Schema of a value of a (non-personal) field's type."""
    origin, args = get_origin(hint), get_args(hint)
    if hint in SIMPLE:
        return SIMPLE[hint]
    if hint is type(None):
        return {"type": "null"}
    if origin is Annotated:
        return field_schema(args[0])
    if origin in (Union, types.UnionType):
        return {"anyOf": [field_schema(arg) for arg in args]}
    if origin is list:
        return {"type": "array", "items": field_schema(args[0])}
    if origin is dict and args[0] is str:
        return {"type": "object", "additionalProperties": field_schema(args[1])}
    raise TypeError(f"no JSON Schema for {hint!r}: teach adapters/kafka/schemas.py")


def event_schema(aggregate: type[Aggregate], event_class: type) -> dict[str, Any]:
    """The schema of the message for one event type of the aggregate."""
    kind = event_type(event_class)
    hints = get_type_hints(event_class, include_extras=True)
    personal = personal_fields(event_class)
    fields = sorted(
        name
        for name, hint in hints.items()
        if name not in BOOKKEEPING | CREDENTIALS and get_origin(hint) is not ClassVar
    )
    data = {
        name: (
            {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/envelope"}]}
            if name in personal
            else field_schema(hints[name])
        )
        for name in fields
    }
    text = {"type": "string"}
    uuid = SIMPLE[UUID]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE}/{kind}/v{SCHEMA_VERSION}",
        "title": kind,
        "description": f"{kind}, published on {topic_name('<prefix>', aggregate)}",
        "type": "object",
        "properties": {
            "event_id": uuid,
            "type": {"const": kind},
            "aggregate_id": uuid,
            "aggregate_version": {"type": "integer", "minimum": 1},
            "tenant_id": uuid,
            "occurred_at": SIMPLE[datetime],
            "actor": text,
            "data": {
                "type": "object",
                "properties": data,
                "required": fields,
                "additionalProperties": False,
            },
        },
        "required": [
            "event_id",
            "type",
            "aggregate_id",
            "aggregate_version",
            "tenant_id",
            "occurred_at",
            "actor",
            "data",
        ],
        "additionalProperties": False,
        "$defs": {"envelope": ENVELOPE},
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name to schema, for every published event type."""
    return {
        f"{event_type(event)}.schema.json": event_schema(aggregate, event)
        for aggregate, event in published_events()
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2) + "\n"


def write(directory: Path = DOCS) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        path = directory / name
        path.write_text(render(schema))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS):
        print(path)
