"""SQL for importing a round's proposals in bulk: one multi-row statement per table.

At 10,000 proposals the ORM's unit of work spends most of an import building,
tracking and flushing some 60,000 objects; these statements insert the same rows
as plain tuples (`INSERT ... VALUES (...), (...) RETURNING id`), a few round trips
per table instead of one per row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import cast

from sqlalchemy import Table, insert
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
    statement = insert(columns).returning(columns.c.id, sort_by_parameter_order=True)
    for batch in batched(rows, BATCH):
        ids.extend(session.execute(statement, batch).scalars())
    return ids


def batched(rows: list[dict[str, object]], size: int) -> Iterator[list[dict[str, object]]]:
    """The rows in consecutive slices of at most `size`."""
    for first in range(0, len(rows), size):
        yield rows[first : first + size]


def _insert(session: Session, table: type[object], rows: list[dict[str, object]]) -> None:
    statement = insert(cast(Table, table.__table__))  # type: ignore[attr-defined]
    for batch in batched(rows, BATCH):
        session.execute(statement, batch)
