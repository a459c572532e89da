"""Counting and paging list queries so that their cost does not grow with the table.

The library's lists join each row to its parents (a video to its artist, a
download to its video and artist) so that one query serves a page. Two things
get slow at 100,000 rows when the database does that join for every row:

- the total: `COUNT(*)` over the joined rows. When the filter names only the
  listed table's own columns, and every join follows a non-null foreign key to a
  parent (so each row meets exactly one parent), the total is the count of the
  table alone, which an index answers;
- a deep page: `OFFSET 75000` makes the database build and throw away 75,000
  joined rows. The page's ids are found first (from the table alone under the same
  condition, usually from an index only), then only those rows are read with their
  parents.

Anything these rules cannot prove safe runs as written. Subqueries in a filter must
stand alone (not refer to a joined table): the library's filters on a parent's
columns are written as `fk IN (SELECT id FROM parent WHERE ...)` for that reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import peewee as pw


def count(query: pw.ModelSelect) -> int:
    """How many rows `query` lists (without its limit)."""
    slim = _without_joins(query, query._where)
    return (slim if slim is not None else query).count(clear_limit=True)


def page(query: pw.ModelSelect, ordering: Sequence[Any], number: int,
         per_page: int, total: int | None = None) -> list:
    """Page `number` (from 1) of `query` sorted by `ordering`: its rows, in order.

    With `total` (from `count`), a page past the end costs no query at all.
    """
    if total is not None and (number - 1) * per_page >= total:
        return []
    model = query.model
    key = model._meta.primary_key
    finder = _without_joins(query, query._where, *ordering)
    if finder is None:
        finder = query.select(key)
    ids = [row[0] for row in finder.order_by(*ordering).paginate(number, per_page).tuples()]
    if not ids:
        return []
    # The ids already met the filter; kept, it could lead the database to scan by it
    # (an index on status) instead of reading fifty rows by their keys.
    if query._group_by or query._having is not None:
        reader = query.where(key.in_(ids)).order_by()
    else:
        reader = query.order_by()
        reader._where = key.in_(ids)
    rows = {getattr(row, key.name): row for row in reader}
    # A row deleted between the two reads is simply left out of this page.
    return [rows[row_id] for row_id in ids if row_id in rows]


def _without_joins(query: pw.ModelSelect, *nodes: Any) -> pw.ModelSelect | None:
    """`query` as a select of its own ids without joins, when that lists the same rows."""
    model = query.model
    if (query._group_by or query._having is not None or query._distinct
            or query._simple_distinct or not _joins_only_parents(query)):
        return None
    if not all(_own_columns(node, model) for node in nodes):
        return None
    slim = model.select(model._meta.primary_key)
    return slim.where(query._where) if query._where is not None else slim


def _joins_only_parents(query: pw.ModelSelect) -> bool:
    """Every join is INNER and follows a non-null foreign key from a row to its parent."""
    for source, joins in query._joins.items():
        for dest, _attr, _constructor, join_type in joins:
            if join_type != pw.JOIN.INNER:
                return False
            fields = getattr(getattr(source, "_meta", None), "sorted_fields", ())
            if not any(isinstance(f, pw.ForeignKeyField) and f.rel_model is dest
                       and not f.null for f in fields):
                return False
    return True


def _own_columns(node: Any, model: type[pw.Model]) -> bool:
    """Whether `node` names no column but `model`'s own (subqueries stand alone)."""
    if node is None or isinstance(node, str | int | float | bool | bytes):
        return True
    if isinstance(node, list | tuple | set | frozenset):
        return all(_own_columns(item, model) for item in node)
    if isinstance(node, pw.Field):
        return node.model is model
    if isinstance(node, pw.WrappedNode):  # ordering, negation, alias, cast
        return _own_columns(node.node, model)
    if isinstance(node, pw.Expression):
        return _own_columns(node.lhs, model) and _own_columns(node.rhs, model)
    if isinstance(node, pw.Function):
        return _own_columns(node.arguments, model)
    if isinstance(node, pw.NodeList):
        return _own_columns(node.nodes, model)
    if isinstance(node, pw.Value):
        return _own_columns(node.value, model)
    # A subquery stands alone; a raw column or SQL fragment cannot tell whose it is.
    return isinstance(node, pw.SelectQuery)
