"""A list of values of any length as one bound parameter, read back as a table in SQL.

`column.in_(values)` binds one parameter per value, and databases cap how many a
statement may have (SQLite 32,766, PostgreSQL 65,535): a round's 40,000 proposal ids
would be refused. Sent instead as one JSON array and unpacked by the database
(`json_each` in SQLite, `json_array_elements_text` in PostgreSQL), the statement stays
the same size whatever the number of values.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import JSON, Select, func, literal, select

UNPACKERS = {"sqlite": func.json_each, "postgresql": func.json_array_elements_text}
"""The table-valued function of each dialect that turns a JSON array into rows."""


def listed_strings(dialect: str, values: Collection[str]) -> Select[Any]:
    """A one-column query of `values`, for `column.in_(...)`, bound as one parameter.

    Raises:
        ValueError: a dialect other than SQLite and PostgreSQL.
    """
    unpack = UNPACKERS.get(dialect)
    if unpack is None:
        raise ValueError(f"no JSON array unpacking known for the {dialect} dialect")
    rows = unpack(literal(list(values), JSON)).table_valued("value")
    return select(rows.c.value)
