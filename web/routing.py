"""How a route is declared: its role and its OpenAPI description sit next to it.

    @route(bp, "/artists/<int:artist_id>", methods=["GET"], role="readonly",
           summary="One artist", responses={200: ARTIST})
    def get_artist(artist_id): ...

`role` is one of ``public`` (no authentication), ``readonly``, ``user``,
``manager``, ``admin``, or ``webhook`` (checked by the view with its own
token). A route without a role cannot be declared; `web.openapi` builds the
document from what is recorded here, so the route and its description cannot
drift apart.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint

from mvidarr.models import ROLES

ROUTE_ROLES = ("public", "webhook", *ROLES)


@dataclass
class RouteDoc:
    rule: str
    methods: list[str]
    role: str
    summary: str
    description: str = ""
    params: list[dict] = field(default_factory=list)  # OpenAPI parameter objects (query)
    body: dict | None = None  # JSON schema of the request body
    responses: dict[int, Any] = field(default_factory=dict)  # status -> JSON schema or None
    tags: list[str] = field(default_factory=list)
    content_type: str = "application/json"  # of the 200 answer
    # Media servers and players call these by URL and cannot send headers: the
    # route also takes ``?apikey=`` (URLs end up in logs, so only where needed).
    apikey_query: bool = False


def route(bp: Blueprint, rule: str, *, methods: list[str], role: str, summary: str,
          **doc: Any):
    """Register a view on `bp`, requiring `role`, with its OpenAPI description."""
    if role not in ROUTE_ROLES:
        raise ValueError(f"route {rule}: role must be one of {ROUTE_ROLES}")

    def decorate(view):
        info = RouteDoc(rule=rule, methods=[m.upper() for m in methods], role=role,
                        summary=summary, tags=doc.pop("tags", [bp.name]), **doc)

        @functools.wraps(view)
        def guarded(*args, **kwargs):
            from mvidarr.web.auth import require

            require(info.role)
            return view(*args, **kwargs)

        guarded.route_doc = info
        bp.add_url_rule(rule, view_func=guarded, methods=info.methods)
        return guarded

    return decorate
