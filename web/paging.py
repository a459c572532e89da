"""Paged, sorted, filtered lists: `{"items", "page", "per_page", "total"}` from SQL."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import request

from mvidarr.errors import UserError, ValidationError
from mvidarr.services import listing

MAX_PER_PAGE = 500
DEFAULT_PER_PAGE = 50
PAGING_PARAMS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 50}},
    {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
]


def int_arg(name: str, default: int | None = None, *, minimum: int | None = None,
            maximum: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UserError(f"{name} must be a whole number", {"parameter": name}) from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise ValidationError(f"{name} must be {bounds}", {"parameter": name})
    return value


def paginate(query, sorts: Mapping[str, Any], default_sort: str,
             serialize: Callable[[Any], dict]) -> dict:
    """Answer one page of `query`, sorted by an allow-listed `sort` (and `order`)."""
    page = int_arg("page", 1, minimum=1, maximum=10_000_000)
    per_page = int_arg("per_page", DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
    sort = request.args.get("sort") or default_sort
    if sort not in sorts:
        raise ValidationError(f"sort must be one of: {', '.join(sorts)}", {"parameter": "sort"})
    order = request.args.get("order") or "asc"
    if order not in ("asc", "desc"):
        raise ValidationError("order must be asc or desc", {"parameter": "order"})
    field = sorts[sort]
    ordering = [field.desc() if order == "desc" else field.asc()]
    model = query.model
    ordering.append(model._meta.primary_key.desc() if order == "desc"
                    else model._meta.primary_key.asc())
    # Counted and paged without per-row joins where that lists the same rows.
    total = listing.count(query)
    rows = listing.page(query, ordering, page, per_page, total)
    return {"items": [serialize(row) for row in rows], "page": page, "per_page": per_page,
            "total": total}


def sort_param(sorts: Mapping[str, Any], default: str) -> dict:
    return {"name": "sort", "in": "query",
            "schema": {"type": "string", "enum": list(sorts), "default": default}}
