"""Reading what a client sent: JSON bodies and query arguments, checked against the
same JSON schemas the route declares for the OpenAPI document.

One schema serves both the documentation and the check, so they cannot drift.
The checker covers the part of JSON Schema the API uses: ``type`` (one or a
list), ``enum``, ``minLength``/``maxLength``, ``minimum``/``maximum``,
``minItems``/``maxItems``, ``items``, ``properties``, ``required`` and
``additionalProperties: false``. Every failure is a 400 (not JSON) or a 422
(JSON of the wrong shape) naming the field; nothing a client sends reaches the
database unchecked.
"""

from __future__ import annotations

import json
from typing import Any

from flask import request

from mvidarr.errors import UserError, ValidationError

# Databases store signed 64-bit integers; a bigger one would fail in SQL.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


def json_body(schema: dict | None = None) -> Any:
    """The request's JSON body, checked against `schema` when given."""
    if not request.is_json:
        raise UserError("send a JSON body with Content-Type: application/json")
    try:
        body = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        raise UserError("the request body is not valid JSON") from None
    if schema is not None:
        check(body, schema)
    return body


def check(value: Any, schema: dict, where: str = "body") -> None:
    """Raise ValidationError when `value` does not fit `schema`."""
    types = schema.get("type")
    if types is not None:
        allowed = [types] if isinstance(types, str) else types
        if not any(_TYPES[t](value) for t in allowed):
            raise ValidationError(f"{where} must be {' or '.join(allowed)}",
                                  {"field": where, "expected": allowed})
    if "enum" in schema and value not in schema["enum"]:
        raise ValidationError(f"{where} must be one of: {', '.join(map(str, schema['enum']))}",
                              {"field": where, "choices": schema["enum"]})
    if isinstance(value, str):
        _check_text(value, schema, where)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(value, schema, where)
    elif isinstance(value, list):
        _check_list(value, schema, where)
    elif isinstance(value, dict):
        _check_object(value, schema, where)


def _check_text(value: str, schema: dict, where: str) -> None:
    if "\x00" in value:
        raise ValidationError(f"{where} must not contain NUL characters", {"field": where})
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from JSON's "\ud800": no database takes it
        raise ValidationError(f"{where} is not valid Unicode text", {"field": where}) from None
    if len(value) < schema.get("minLength", 0):
        need = ("must not be empty" if schema["minLength"] == 1
                else f"needs at least {schema['minLength']} characters")
        raise ValidationError(f"{where} {need}", {"field": where})
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        raise ValidationError(f"{where} has at most {schema['maxLength']} characters",
                              {"field": where})


def _check_number(value: float, schema: dict, where: str) -> None:
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError(f"{where} must be a finite number", {"field": where})
    low = schema.get("minimum", INT_MIN if isinstance(value, int) else None)
    high = schema.get("maximum", INT_MAX if isinstance(value, int) else None)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationError(f"{where} must be between {low} and {high}", {"field": where})


def _check_list(value: list, schema: dict, where: str) -> None:
    if len(value) < schema.get("minItems", 0):
        raise ValidationError(f"{where} needs at least {schema['minItems']} items",
                              {"field": where})
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        raise ValidationError(f"{where} has at most {schema['maxItems']} items",
                              {"field": where})
    if "items" in schema:
        for index, item in enumerate(value):
            check(item, schema["items"], f"{where}[{index}]")


def _check_object(value: dict, schema: dict, where: str) -> None:
    properties = schema.get("properties", {})
    prefix = "" if where == "body" else f"{where}."
    for name in schema.get("required", []):
        if name not in value:
            raise ValidationError(f"{prefix}{name} is required", {"field": f"{prefix}{name}"})
    if schema.get("additionalProperties") is False:
        unknown = sorted(set(value) - set(properties))
        if unknown:
            raise ValidationError(f"unknown field(s): {', '.join(unknown)}",
                                  {"unknown": unknown, "allowed": sorted(properties)})
    for name, item in value.items():
        if name in properties:
            check(item, properties[name], f"{prefix}{name}")


def query_args(params: list[dict]) -> dict[str, Any]:
    """The declared query parameters that were sent, parsed by their schema type."""
    values: dict[str, Any] = {}
    for param in params:
        if param.get("in") != "query":
            continue
        name, schema = param["name"], param.get("schema", {})
        raw = request.args.get(name)
        if raw is None or raw == "":
            if param.get("required"):
                raise UserError(f"the query parameter {name} is required",
                                {"parameter": name})
            continue
        value = _parse(raw, schema.get("type", "string"), name)
        check(value, schema, name)
        values[name] = value
    return values


def _parse(raw: str, kind: str, name: str) -> Any:
    if kind == "integer":
        try:
            return int(raw)
        except ValueError:
            raise UserError(f"{name} must be a whole number", {"parameter": name}) from None
    if kind == "boolean":
        if raw.lower() in _TRUE | _FALSE:
            return raw.lower() in _TRUE
        raise UserError(f"{name} must be true or false", {"parameter": name})
    return raw

