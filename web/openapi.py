"""The OpenAPI 3.1 document, built from the `RouteDoc` each route declares.

`web.routing.route` records a `RouteDoc` on every view (`view.route_doc`): its
role, summary, query parameters, body and answers. Walking the app's URL map
and reading those gives a document that cannot drift from the routes. Path
parameters come from the rule itself (`<int:artist_id>`), every operation
answers errors as `{"error", "details"}`, and its security follows its role.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

# Endpoints that are not MVidarr's routes: Flask's own static files.
NOT_ROUTES = frozenset({"static"})
_PARAM = re.compile(r"<(?:(?P<conv>[a-zA-Z_]\w*)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string", "description": "what went wrong, in words"},
                   "details": {"description": "more about it, where useful"}},
}
SECURITY_SCHEMES = {
    "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-Api-Key",
                   "description": "An API key (POST /api/apikeys or `mvidarr apikey create`)."},
    "SessionCookie": {"type": "apiKey", "in": "cookie", "name": "mvidarr_session",
                      "description": "The web UI's session, from POST /api/auth/login."},
    "ApiKeyQuery": {"type": "apiKey", "in": "query", "name": "apikey",
                    "description": "An API key in the URL, only on the routes media servers "
                                   "and players call (streams, thumbnails)."},
    "CsrfToken": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                  "description": "Needed with the session cookie on every request that "
                                 "changes something."},
}
SIGNED_IN = [{"ApiKeyAuth": []}, {"SessionCookie": [], "CsrfToken": []}]
_STATUS_WORDS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No content",
                 206: "Partial content", 302: "Redirect", 304: "Not modified"}


def undocumented(app: Flask) -> list[str]:
    """Rules whose view declares no role (no `route_doc`): each one is a bug."""
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if rule.endpoint not in NOT_ROUTES
                  and getattr(app.view_functions[rule.endpoint], "route_doc", None) is None)


def build(app: Flask, version: str) -> dict[str, Any]:
    """The whole document for `app`."""
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        view = app.view_functions[rule.endpoint]
        doc = getattr(view, "route_doc", None)
        if rule.endpoint in NOT_ROUTES or doc is None:
            continue
        query_key = _takes_query_key(rule.endpoint, view)
        path, path_params = openapi_path(rule.rule)
        methods = [m for m in doc.methods if m not in ("HEAD", "OPTIONS")]
        for method in methods:
            operation_id = rule.endpoint if len(methods) == 1 else f"{rule.endpoint}_{method}"
            op = operation(doc, path_params, operation_id.replace(".", "_"))
            if query_key and doc.role not in ("public", "webhook"):
                op["security"] = [*SIGNED_IN, {"ApiKeyQuery": []}]
            paths.setdefault(path, {})[method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "MVidarr", "version": version,
                 "description": "The REST API of MVidarr, a self-hosted music-video manager. "
                                "JSON, snake_case; lists are paged; errors answer "
                                "{\"error\", \"details\"}. See docs/api.md."},
        "paths": paths,
        "components": {"schemas": {"Error": ERROR}, "securitySchemes": SECURITY_SCHEMES},
        "security": SIGNED_IN,
    }


def _takes_query_key(endpoint: str, view) -> bool:
    """Whether the route accepts ``?apikey=`` (`RouteDoc.apikey_query`)."""
    doc = getattr(view, "route_doc", None)
    return bool(doc and doc.apikey_query)


def openapi_path(rule: str) -> tuple[str, list[dict]]:
    """`/artists/<int:artist_id>` as `/artists/{artist_id}` and its path parameters."""
    params = []

    def replace(match: re.Match) -> str:
        params.append({"name": match["name"], "in": "path", "required": True,
                       "schema": _converter_schema(match["conv"], match["args"])})
        return "{" + match["name"] + "}"

    return _PARAM.sub(replace, rule), params


def _converter_schema(converter: str | None, args: str | None) -> dict:
    if converter == "int":
        return {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}
    if converter == "float":
        return {"type": "number", "minimum": 0}
    if converter == "any":
        return {"type": "string",
                "enum": [a.strip().strip("'\"") for a in (args or "").split(",") if a.strip()]}
    if converter == "path":
        return {"type": "string", "minLength": 1}
    return {"type": "string", "minLength": 1, "pattern": "^[^/]+$"}


def operation(doc, path_params: list[dict], operation_id: str) -> dict[str, Any]:
    declared = {(p["name"], p.get("in")) for p in doc.params}
    parameters = [p for p in path_params if (p["name"], "path") not in declared]
    parameters += doc.params
    op: dict[str, Any] = {
        "operationId": operation_id,
        "summary": doc.summary,
        "tags": list(doc.tags),
        "x-role": doc.role,
        "responses": _responses(doc),
    }
    if doc.description:
        op["description"] = doc.description
    if parameters:
        op["parameters"] = parameters
    if doc.body is not None:
        op["requestBody"] = (doc.body if "content" in doc.body else
                             {"required": True,
                              "content": {"application/json": {"schema": doc.body}}})
    if doc.role in ("public", "webhook"):
        op["security"] = []  # webhooks check their own token (see the token parameter)
    else:
        op["description"] = (op.get("description", "") + f"\n\nNeeds the {doc.role} role."
                             ).strip()
    return op


def _responses(doc) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for status, schema in sorted(doc.responses.items(), key=lambda item: str(item[0])):
        code = int(status) if str(status).isdigit() else 0  # 0: "default" or a range
        entry: dict[str, Any] = {"description": _STATUS_WORDS.get(code, "Answer")}
        success = 200 <= code < 300
        if schema is not None:
            media = doc.content_type if success else "application/json"
            entry["content"] = {media: {"schema": schema}}
        elif success and code != 204 and doc.content_type:
            entry["content"] = {doc.content_type: {}}
        answers[str(status)] = entry
    answers["default"] = {
        "description": "An error: 400 bad input, 401 not signed in, 403 role too low, "
                       "404 not found, 409 conflict, 413 body too large, 422 not "
                       "acceptable, 429 slow down",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    return answers
