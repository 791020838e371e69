"""Walking the served OpenAPI document: every operation, the places in it where a client puts a
value (path and query parameters, fields of the body or form), and a plausible request to vary
one place of, so that a test covers a new endpoint without being told of it."""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

Schema = dict[str, Any]
Location = tuple[str | int, ...]
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
SAMPLES = ("ab", "password", "ab_cd")  # a value most patterns of the document accept
PHONE, SERIAL, EMAIL = "+27825551234", "SS8K-2207-0042", "thandi@example.co.za"
ANY_ID = "00000000-0000-4000-8000-00000000000a"


@dataclass(frozen=True)
class Place:
    """Where in a request a value goes: `("query", "q")`, `("body", "device", "make")`, or a
    dict's key (`key=True`), and the schema of the value there."""

    location: Location
    schema: Schema
    key: bool = False

    @property
    def field(self) -> str:
        """The field a 422 names for this place (for a key, the dict it is a key of)."""
        where, *rest = self.location[:-1] if self.key else self.location
        return ".".join(str(part) for part in rest) if where in ("body", "form") else str(rest[-1])


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: Schema


class Walk:
    """The document, and the ids that path parameters and id fields take by their name
    (`ticket_id` takes `ids["ticket"]`)."""

    def __init__(self, document: Schema, ids: Mapping[str, str]) -> None:
        self.document = document
        self.ids = ids

    def operations(self) -> Iterator[Operation]:
        for path, methods in self.document["paths"].items():
            for method, spec in methods.items():
                yield Operation(method.upper(), path, spec)

    def resolve(self, schema: Schema) -> Schema:
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = {**self.document["components"]["schemas"][name], **_without_ref(schema)}
        if "anyOf" in schema:
            given = [s for s in schema["anyOf"] if s.get("type") != "null"]
            return self.resolve({**given[0], **{k: v for k, v in schema.items() if k != "anyOf"}})
        return schema

    def places(self, operation: Operation) -> Iterator[Place]:
        """Every place of the operation that takes a value, nested fields and items too."""
        for parameter in operation.spec.get("parameters", []):
            if parameter["in"] in ("path", "query"):
                yield Place((parameter["in"], parameter["name"]), self.resolve(parameter["schema"]))
        media, schema = self._body(operation)
        if schema is not None:
            yield from self._fields(("form" if media == FORM else "body",), schema)

    def _fields(self, location: Location, schema: Schema) -> Iterator[Place]:
        schema = self.resolve(schema)
        if schema.get("type") == "object" or "properties" in schema:
            for name, field in schema.get("properties", {}).items():
                yield from self._fields((*location, name), field)
            for pattern, value in schema.get("patternProperties", {}).items():
                key = _sample(pattern)
                yield Place((*location, key), {"type": "string", "pattern": pattern}, key=True)
                yield from self._fields((*location, key), value)
        elif schema.get("type") == "array":
            yield from self._fields((*location, 0), schema["items"])
        elif len(location) > 1:
            yield Place(location, schema)

    def request(self, operation: Operation, place: Place | None = None, value: Any = None) -> Any:
        """Keyword arguments for `client.request`: a plausible request, with `value` at `place`."""
        path_values: dict[str, Any] = {}
        query: dict[str, Any] = {}
        for parameter in operation.spec.get("parameters", []):
            if parameter["in"] == "path":
                path_values[parameter["name"]] = self.example(
                    parameter["schema"], parameter["name"]
                )
        media, schema = self._body(operation)
        body = self.example(schema, "body") if schema is not None else None
        if place is not None:
            where, *rest = place.location
            if where == "path":
                path_values[str(rest[0])] = value
            elif where == "query":
                query[str(rest[0])] = value
            else:
                body = _put(body, list(rest), value, self, schema or {}, key=place.key)
        url = operation.path.format(**{k: quote(str(v), safe="") for k, v in path_values.items()})
        content = {"data": body} if media == FORM else {"json": body} if media else {}
        return {"method": operation.method, "url": url, "params": query, **content}

    def example(self, schema: Schema | None, name: str) -> Any:
        """A value the schema accepts (as far as a schema can say), with the ids by name."""
        schema = self.resolve(schema or {})
        if "enum" in schema:
            return schema["enum"][0]
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            required = set(schema.get("required", ()))
            return {
                k: self.example(v, k)
                for k, v in schema.get("properties", {}).items()
                if k in required
            }
        if kind == "array":
            return [self.example(schema["items"], name)] * max(1, schema.get("minItems", 1))
        if kind == "integer":
            return int(schema.get("minimum", 1))
        if kind == "number":
            return float(schema.get("minimum", 1))
        if kind == "boolean":
            return True
        return self._text(schema, name)

    def _text(self, schema: Schema, name: str) -> str:
        form = schema.get("format")
        if form == "uuid":
            return self.ids.get(name.removesuffix("_id"), ANY_ID)
        if form == "date-time":
            return datetime.now(UTC).isoformat()
        if form == "date":
            return "2025-01-31"
        if form == "email" or name == "email":
            return EMAIL
        if name in self.ids:
            return self.ids[name]
        if "phone" in name:
            return PHONE
        if "serial" in name:
            return SERIAL
        if "pattern" in schema:
            return _sample(schema["pattern"])
        return "ab" + "c" * max(0, int(schema.get("minLength", 1)) - 2)

    def _body(self, operation: Operation) -> tuple[str | None, Schema | None]:
        content = operation.spec.get("requestBody", {}).get("content", {})
        for media in (JSON, FORM):
            if media in content:
                return media, content[media]["schema"]
        return None, None


def _put(body: Any, path: list[Any], value: Any, walk: Walk, schema: Schema, *, key: bool) -> Any:
    """The body with value at path (its parents made as needed); as a dict's key if key."""
    body = body if body is not None else {}
    node, node_schema = body, walk.resolve(schema)
    for part in path[:-1]:
        node_schema = _child(walk, node_schema, part)
        if isinstance(node, list):
            node = node[part]
            continue
        if part not in node or node[part] is None:
            node[part] = walk.example(node_schema, str(part)) or (
                [] if node_schema.get("type") == "array" else {}
            )
        node = node[part]
    last = path[-1]
    if key:
        node[value] = "ab"
    elif isinstance(node, list):
        node[last:] = [value]
    else:
        node[last] = value
    return body


def _child(walk: Walk, schema: Schema, part: Any) -> Schema:
    if isinstance(part, int):
        return walk.resolve(schema.get("items", {}))
    properties = schema.get("properties", {})
    if part in properties:
        return walk.resolve(properties[part])
    patterns = list(schema.get("patternProperties", {}).values())
    return walk.resolve(patterns[0]) if patterns else {}


def _sample(pattern: str) -> str:
    return next((s for s in SAMPLES if re.fullmatch(pattern, s)), "ab")


def _without_ref(schema: Schema) -> Schema:
    return {k: v for k, v in schema.items() if k != "$ref"}
