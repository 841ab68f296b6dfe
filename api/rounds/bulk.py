"""SQL for importing a round's proposals in bulk: one multi-row statement per table.

At 10,000 proposals the ORM's unit of work spends most of an import building,
tracking and flushing some 60,000 objects; these statements insert the same rows
as plain tuples (`INSERT ... VALUES (...), (...) RETURNING id`), a few round trips
per table instead of one per row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import cast

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from models.exchange import Proposal as ProposalDocument
from models.orm import Precedence, Proposal, ProposalShare, Request, RequestInstrument, utc_now

BATCH = 2_000
"""Rows per statement: bounded memory, and under SQLite's limit on bound parameters."""


def insert_proposals(
    session: Session,
    *,
    round_id: int,
    proposals: Sequence[ProposalDocument],
    group_ids: Mapping[str, int],
    country_ids: Mapping[str, int],
    instrument_ids: Mapping[str, int],
    submitted_by: str,
) -> dict[str, int]:
    """Insert the proposals with their shares, requests and alternatives.

    Args:
        group_ids: the research group id of each proposal, by proposal id.
        country_ids, instrument_ids: database ids by the format's codes.

    Returns:
        The database id of every request, by the format's request id.
    """
    now = utc_now()
    proposal_ids = _insert_returning_ids(
        session,
        Proposal,
        [
            {
                "round_id": round_id,
                "group_id": group_ids[proposal.id],
                "code": proposal.id,
                "title": proposal.title,
                "coupled": proposal.coupled,
                "score": proposal.score,
                "submitted_by": submitted_by,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for proposal in proposals
        ],
    )
    _insert(
        session,
        ProposalShare,
        [
            {
                "proposal_id": proposal_id,
                "country_id": country_ids[code],
                "share": share,
                "position": position,
            }
            for proposal, proposal_id in zip(proposals, proposal_ids, strict=True)
            for position, (code, share) in enumerate(proposal.countries.items())
        ],
    )
    requests = [
        (proposal_id, position, request)
        for proposal, proposal_id in zip(proposals, proposal_ids, strict=True)
        for position, request in enumerate(proposal.requests)
    ]
    request_ids = _insert_returning_ids(
        session,
        Request,
        [
            {
                "proposal_id": proposal_id,
                "round_id": round_id,
                "code": request.id,
                "position": position,
                "shifts": request.shifts,
                "min_shifts": request.min_shifts,
                "min_block": request.min_block,
                "release": request.release,
                "deadline": request.deadline,
                "unavailable": [list(interval) for interval in request.unavailable],
            }
            for proposal_id, position, request in requests
        ],
    )
    _insert(
        session,
        RequestInstrument,
        [
            {"request_id": request_id, "instrument_id": instrument_ids[code], "position": i}
            for (_, _, request), request_id in zip(requests, request_ids, strict=True)
            for i, code in enumerate(request.instruments)
        ],
    )
    return {
        request.id: request_id
        for (_, _, request), request_id in zip(requests, request_ids, strict=True)
    }


def insert_precedences(session: Session, rows: Sequence[dict[str, object]]) -> None:
    """Insert precedences (`round_id`, `before_id`, `after_id`, `min_gap`)."""
    _insert(session, Precedence, list(rows))


def _insert_returning_ids(
    session: Session, table: type[Proposal | Request], rows: list[dict[str, object]]
) -> list[int]:
    """Insert the rows; their new ids, in the rows' order."""
    ids: list[int] = []
    columns = cast(Table, table.__table__)
    if rows and session.get_bind().dialect.name == "postgresql":
        # Take the ids from the table's sequence first, then COPY the rows with them.
        ids = list(
            session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :n)"
                ),
                {"table": columns.name, "n": len(rows)},
            )
        )
        copy_rows(session, columns, [{"id": id, **row} for id, row in zip(ids, rows, strict=True)])
        return ids
    statement = insert(columns).returning(columns.c.id, sort_by_parameter_order=True)
    for batch in batched(rows, BATCH):
        ids.extend(session.execute(statement, batch).scalars())
    return ids


def batched(rows: list[dict[str, object]], size: int) -> Iterator[list[dict[str, object]]]:
    """The rows in consecutive slices of at most `size`."""
    for first in range(0, len(rows), size):
        yield rows[first : first + size]


def _insert(session: Session, table: type[object], rows: list[dict[str, object]]) -> None:
    columns = cast(Table, table.__table__)  # type: ignore[attr-defined]
    if rows and session.get_bind().dialect.name == "postgresql":
        copy_rows(session, columns, rows)
        return
    statement = insert(columns)
    for batch in batched(rows, BATCH):
        session.execute(statement, batch)


def copy_rows(session: Session, table: Table, rows: list[dict[str, object]]) -> None:
    """Insert rows on PostgreSQL with `COPY ... FROM STDIN`, in the session's transaction.

    psycopg sends an `executemany` as one statement per row; COPY streams them all, and
    is the fastest way PostgreSQL has to load rows. Values are adapted by psycopg
    (JSON columns are passed as JSON text).
    """
    names = list(rows[0])
    json_columns = {name for name in names if table.c[name].type.__class__.__name__ == "JSON"}
    connection = session.connection().connection.dbapi_connection
    assert connection is not None
    quoted = ", ".join(f'"{name}"' for name in names)
    with (
        connection.cursor() as cursor,  # type: ignore[attr-defined]
        cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(
                [json.dumps(row[name]) if name in json_columns else row[name] for name in names]
            )
