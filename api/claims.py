"""Claiming unique keys that concurrent requests can race for.

A check-then-insert alone lets two requests both see a code as free; the second
insert then hits the unique constraint. Two ways out, both decided by the
database: `claim_unique` turns that constraint failure into the same 409 the
check gives, and `insert_missing` inserts with `ON CONFLICT DO NOTHING` where the
caller wants the row whoever created it (a group named by a new token, a country
introduced by an import).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.errors import AlreadyExistsError

_UNIQUE_VIOLATION = "23505"
"""PostgreSQL's SQLSTATE for a unique violation."""


def is_unique_violation(error: IntegrityError) -> bool:
    """Whether `error` is a unique-key violation (not a foreign-key or CHECK failure)."""
    if getattr(error.orig, "sqlstate", None) == _UNIQUE_VIOLATION:
        return True
    return "UNIQUE constraint failed" in str(error.orig)


@contextmanager
def claim_unique(session: Session, taken: str) -> Iterator[None]:
    """Run the inserts of the block in a savepoint; a unique violation becomes a 409.

    Args:
        taken: the detail of the 409, e.g. "country KZ exists".

    Raises:
        AlreadyExistsError: a concurrent request claimed the same key first.
    """
    try:
        with session.begin_nested():
            yield
            session.flush()
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        raise AlreadyExistsError(taken) from None


def insert_missing(
    session: Session, model: type[Any], rows: Sequence[Mapping[str, Any]], key: Sequence[str]
) -> None:
    """Insert the rows whose `key` is not taken yet, leaving existing ones as they are.

    Column defaults apply to omitted columns. Callers read the rows back afterwards:
    whoever inserted them, they exist once this returns.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values([dict(row) for row in rows])
    session.execute(statement.on_conflict_do_nothing(index_elements=list(key)))
