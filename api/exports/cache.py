"""Exports kept per allocation, valid for the state of the round they were computed at.

Building a published round's `solution.json` or the country report means parsing
multi-megabyte snapshots; at 10,000 proposals that takes seconds. So each result is
kept in `cached_exports` with the fingerprint of what it was computed from: the
round's version (its state and disclosure setting) and aggregates of its bookings
and proposals (count, summed versions, last change). Bookings are never deleted and
every change to one raises its version, so any booking write changes the
fingerprint, and the next read recomputes; so does an edited proposal (a title on
the decisions page). The allocation is part of the key: accepting another one
starts afresh.

GET requests read in read-only transactions (SQLite refuses their writes, `api.db`),
so a result computed on a miss is stored afterwards, in a write transaction of its
own that runs once the response has been sent (`remember_later`). Two readers that
miss at once both store; the last one wins, which is harmless because a row is only
ever used for the fingerprint it carries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, cast

from fastapi import BackgroundTasks, Depends, Request
from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from api.db import Database
from models.orm import Booking, CachedDecisionRow, CachedExport, Proposal, Round, utc_now


@dataclass(frozen=True)
class ExportKey:
    """Which export of which allocation, at which state of its round."""

    allocation_id: str
    kind: str
    fingerprint: str


@dataclass(frozen=True)
class ComputedExport:
    """An export computed on a miss, to be stored for later reads; `rows` (decision rows,
    `CachedDecisionRow` column values) replace those stored for its kind, if given."""

    key: ExportKey
    body: str
    rows: Sequence[Mapping[str, object]] | None = field(default=None)


logger = logging.getLogger("beamtime.exports")

INSERT_BATCH = 2_000
"""Decision rows per INSERT statement."""

Remember = Callable[[ComputedExport], None]
"""Where an export computed on a miss goes to be stored."""


def forget(_: ComputedExport) -> None:
    """Store nothing (pages and tests that only read)."""


class ExportCacheRepository:
    """Reads and writes `cached_exports` rows, and the fingerprint they are valid for."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def fingerprint(self, round_: Round) -> str:
        """The state of `round_` its exports depend on (read it before the data it guards:
        under READ COMMITTED a later statement may see newer bookings, never older ones)."""
        parts = [f"round:{round_.version}"]
        for name, model in (("bookings", Booking), ("proposals", Proposal)):
            count, versions, changed = self.session.execute(
                select(
                    func.count(model.id),
                    func.coalesce(func.sum(model.version), 0),
                    func.max(model.updated_at),
                ).where(model.round_id == round_.id)
            ).one()
            stamp = changed.isoformat() if changed is not None else "-"
            parts.append(f"{name}:{count}:{versions}:{stamp}")
        return "/".join(parts)

    def body(self, key: ExportKey) -> str | None:
        """The stored export for `key`, if one was computed at that very fingerprint."""
        return self.session.scalar(
            select(CachedExport.body).where(
                CachedExport.allocation_id == key.allocation_id,
                CachedExport.kind == key.kind,
                CachedExport.fingerprint == key.fingerprint,
            )
        )

    def store(self, computed: ComputedExport) -> None:
        """Keep `computed`, replacing what was stored for its allocation and kind."""
        dialect = self.session.get_bind().dialect.name
        dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        values = {
            "allocation_id": computed.key.allocation_id,
            "kind": computed.key.kind,
            "fingerprint": computed.key.fingerprint,
            "body": computed.body,
            "computed_at": utc_now(),
        }
        if computed.rows is not None:
            self._replace_rows(computed)
        statement = dialect_insert(CachedExport).values(values)
        self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["allocation_id", "kind"],
                set_={
                    "fingerprint": statement.excluded.fingerprint,
                    "body": statement.excluded.body,
                    "computed_at": statement.excluded.computed_at,
                },
            )
        )

    def _replace_rows(self, computed: ComputedExport) -> None:
        key = computed.key
        self.session.execute(
            delete(CachedDecisionRow).where(
                CachedDecisionRow.allocation_id == key.allocation_id,
                CachedDecisionRow.kind == key.kind,
            )
        )
        rows = [
            {
                **row,
                "allocation_id": key.allocation_id,
                "kind": key.kind,
                "fingerprint": key.fingerprint,
            }
            for row in computed.rows or ()
        ]
        table = cast(Table, CachedDecisionRow.__table__)
        for first in range(0, len(rows), INSERT_BATCH):
            self.session.execute(insert(table), rows[first : first + INSERT_BATCH])


def cached(session: Session, key: ExportKey, compute: Callable[[], str], remember: Remember) -> str:
    """The export for `key`: the stored one, or `compute()`'s, handed to `remember`."""
    stored = ExportCacheRepository(session).body(key)
    if stored is not None:
        return stored
    body = compute()
    remember(ComputedExport(key, body))
    return body


def store_export(database: Database, computed: ComputedExport) -> None:
    """Store `computed` in a write transaction of its own.

    Storing is an optimisation, never part of the answer: when it cannot be done (the
    allocation was deleted meanwhile and the foreign key refuses the row, a concurrent
    store of the same rows won, SQLite stayed locked by a long write past its busy
    timeout) nothing is stored and the export is computed again on the next read.
    """
    try:
        with database.transaction() as session:
            ExportCacheRepository(session).store(computed)
    except (IntegrityError, OperationalError) as error:
        logger.info("export %s not kept: %s", computed.key.kind, error.__class__.__name__)


def remember_later(background: BackgroundTasks, database: Database) -> Remember:
    """Store exports computed on a miss once the response has been sent."""

    def remember(computed: ComputedExport) -> None:
        background.add_task(store_export, database, computed)

    return remember


def remember_after_response(request: Request, background: BackgroundTasks) -> Remember:
    """The request's `Remember`: store after the response, with the app's database."""
    database: Database = request.app.state.database
    return remember_later(background, database)


RememberDep = Annotated[Remember, Depends(remember_after_response)]
"""Stores the exports a GET computed on a miss, once its response has been sent."""
