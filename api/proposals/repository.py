"""SQL for proposals, requests and precedences."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, not_, or_, select
from sqlalchemy.orm import Session, selectinload

from api.proposals.filters import ProposalCodes, ProposalFilter, ProposalSort, ProposalStatus
from api.value_lists import listed_strings
from models.orm import (
    Precedence,
    Proposal,
    ProposalShare,
    Request,
    RequestInstrument,
    ResearchGroup,
    Review,
)


def proposal_loading() -> tuple[Any, ...]:
    """Loader options for everything a proposal view and an export need."""
    return (
        selectinload(Proposal.group),
        selectinload(Proposal.shares).selectinload(ProposalShare.country),
        selectinload(Proposal.requests)
        .selectinload(Request.alternatives)
        .selectinload(RequestInstrument.instrument),
        selectinload(Proposal.reviews),
    )


def _group_code() -> Any:
    return (
        select(ResearchGroup.code)
        .where(ResearchGroup.id == Proposal.group_id)
        .correlate(Proposal)
        .scalar_subquery()
    )


def _effective_score() -> Any:
    """The explicit score, else the reviews' mean (unrounded: only for ordering)."""
    mean = (
        select(func.avg(Review.score))
        .where(Review.proposal_id == Proposal.id)
        .correlate(Proposal)
        .scalar_subquery()
    )
    return func.coalesce(Proposal.score, mean)


PROPOSAL_SORTS: dict[ProposalSort, Any] = {
    ProposalSort.PROPOSAL: Proposal.code,
    ProposalSort.TITLE: func.lower(Proposal.title),
    ProposalSort.GROUP: _group_code(),
    ProposalSort.SCORE: _effective_score(),
    ProposalSort.SUBMITTED: Proposal.created_at,
    ProposalSort.CHANGED: Proposal.updated_at,
}
"""The key of each `ProposalSort` in SQL."""


def _order_of(chosen: ProposalFilter) -> tuple[Any, ...]:
    """`chosen`'s order in SQL: its key in its direction, unscored proposals last either
    way, ties broken by proposal id (ascending, so that pages never shuffle)."""
    key = PROPOSAL_SORTS[chosen.sort]
    directed = key.desc() if chosen.descending() else key.asc()
    return (directed.nulls_last(), Proposal.code)


def _like_pattern(text: str) -> str:
    """`%text%` for a case-insensitive LIKE, with LIKE's wildcards escaped by backslash."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _status_is(status: ProposalStatus) -> ColumnElement[bool]:
    reviewed = select(Review.id).where(Review.proposal_id == Proposal.id).exists()
    if status is ProposalStatus.PANEL_SCORED:
        return Proposal.score.is_not(None)
    if status is ProposalStatus.REVIEWED:
        return Proposal.score.is_(None) & reviewed
    return Proposal.score.is_(None) & not_(reviewed)


class ProposalRepository:
    """Reads and writes proposals and their requests."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _proposals(self, round_id: int) -> Select[Any]:
        return select(Proposal).options(*proposal_loading()).where(Proposal.round_id == round_id)

    def by_code(self, round_id: int, code: str, *, lock: bool = False) -> Proposal | None:
        """One proposal of a round, fully loaded (locked for update if asked)."""
        query = self._proposals(round_id).where(Proposal.code == code)
        if lock:
            query = query.with_for_update(of=Proposal)
        return self.session.scalars(query).first()

    def exists(self, round_id: int, code: str) -> bool:
        """Whether the round has a proposal with this code."""
        return (
            self.session.scalar(
                select(Proposal.id).where(Proposal.round_id == round_id, Proposal.code == code)
            )
            is not None
        )

    def page(
        self,
        round_id: int,
        limit: int,
        offset: int,
        chosen: ProposalFilter,
        *,
        reviewer_token_id: str | None = None,
    ) -> tuple[Sequence[Proposal], int]:
        """A page of the round's proposals passing `chosen`, in its order, and how many
        pass. With `reviewer_token_id`, `chosen.scored` asks about that reviewer's review
        (else about an explicit score or any review)."""
        query = select(Proposal).where(Proposal.round_id == round_id)
        if chosen.group is not None:
            query = query.join(ResearchGroup, ResearchGroup.id == Proposal.group_id).where(
                ResearchGroup.code == chosen.group
            )
        if chosen.search:
            pattern = _like_pattern(chosen.search)
            query = query.where(
                func.lower(Proposal.code).like(pattern, escape="\\")
                | func.lower(Proposal.title).like(pattern, escape="\\")
            )
        if chosen.scored is not None:
            reviewed = select(Review.id).where(Review.proposal_id == Proposal.id)
            has_score: ColumnElement[bool] = (
                reviewed.where(Review.reviewer_token_id == reviewer_token_id).exists()
                if reviewer_token_id is not None
                else or_(Proposal.score.is_not(None), reviewed.exists())
            )
            query = query.where(has_score if chosen.scored else not_(has_score))
        if chosen.status is not None:
            query = query.where(_status_is(chosen.status))
        if chosen.among is not None:
            query = query.where(Proposal.code.in_(self._codes(chosen.among)))
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.options(*proposal_loading())
            .order_by(*_order_of(chosen))
            .limit(limit)
            .offset(offset)
        ).all()
        return rows, total

    def _codes(self, among: ProposalCodes) -> Select[Any]:
        """`among` as a query: itself, or its codes as one parameter (`api.value_lists`),
        so that no list of ids outgrows the database's limit on parameters."""
        if isinstance(among, Select):
            return among
        return listed_strings(self.session.get_bind().dialect.name, among)

    def group_codes(self, round_id: int) -> list[str]:
        """The codes of the groups with a proposal in the round, in order."""
        return list(
            self.session.scalars(
                select(ResearchGroup.code)
                .where(
                    select(Proposal.id)
                    .where(Proposal.round_id == round_id, Proposal.group_id == ResearchGroup.id)
                    .exists()
                )
                .order_by(ResearchGroup.code)
            )
        )

    def all_of_round(self, round_id: int) -> Sequence[Proposal]:
        """Every proposal of a round, fully loaded, by code."""
        return self.session.scalars(self._proposals(round_id).order_by(Proposal.code)).all()

    def unscored_codes(self, round_id: int, limit: int = 100) -> list[str]:
        """Codes of the round's proposals with neither an explicit score nor a review."""
        reviewed = select(Review.proposal_id).where(Review.proposal_id == Proposal.id).exists()
        return list(
            self.session.scalars(
                select(Proposal.code)
                .where(Proposal.round_id == round_id, Proposal.score.is_(None), ~reviewed)
                .order_by(Proposal.code)
                .limit(limit)
            )
        )

    def add(self, proposal: Proposal) -> Proposal:
        """Store a new proposal with its shares and requests."""
        self.session.add(proposal)
        self.session.flush()
        return proposal

    def delete(self, proposal: Proposal) -> None:
        """Remove a proposal, its requests and precedences on them."""
        self.session.delete(proposal)
        self.session.flush()

    def requests_by_codes(self, round_id: int, codes: Iterable[str]) -> dict[str, Request]:
        """The round's requests among `codes`, by code, with their proposal and group."""
        wanted = set(codes)
        if not wanted:
            return {}
        rows = self.session.scalars(
            select(Request)
            .options(selectinload(Request.proposal).selectinload(Proposal.group))
            .where(Request.round_id == round_id, Request.code.in_(wanted))
        ).all()
        return {row.code: row for row in rows}

    def requests_of_round(self, round_id: int) -> Sequence[Request]:
        """Every request of the round, with its instruments, in code order."""
        return self.session.scalars(
            select(Request)
            .options(selectinload(Request.alternatives).selectinload(RequestInstrument.instrument))
            .where(Request.round_id == round_id)
            .order_by(Request.code)
        ).all()

    def request_codes_taken(self, round_id: int, codes: Iterable[str]) -> set[str]:
        """Which of `codes` are already request ids in the round."""
        wanted = set(codes)
        if not wanted:
            return set()
        return set(
            self.session.scalars(
                select(Request.code).where(Request.round_id == round_id, Request.code.in_(wanted))
            ).all()
        )

    def precedences(self, round_id: int) -> Sequence[Precedence]:
        """A round's precedences, with their requests."""
        return self.session.scalars(
            select(Precedence)
            .options(selectinload(Precedence.before), selectinload(Precedence.after))
            .where(Precedence.round_id == round_id)
            .order_by(Precedence.id)
        ).all()

    def precedence(self, round_id: int, precedence_id: int) -> Precedence | None:
        """One precedence of a round."""
        return self.session.scalars(
            select(Precedence)
            .options(selectinload(Precedence.before), selectinload(Precedence.after))
            .where(Precedence.round_id == round_id, Precedence.id == precedence_id)
        ).first()

    def add_precedence(self, precedence: Precedence) -> Precedence:
        """Store a new precedence."""
        self.session.add(precedence)
        self.session.flush()
        return precedence

    def delete_precedence(self, precedence: Precedence) -> None:
        """Remove a precedence."""
        self.session.delete(precedence)
        self.session.flush()
