"""Research groups, their proposals with requests, precedences and review scores."""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.orm.base import Base, Timestamped, Versioned
from models.orm.facilities import CODE_LENGTH, NAME_LENGTH, Country, Instrument
from models.orm.rounds import Round


class ResearchGroup(Timestamped, Base):
    """A team that submits proposals; proposers are scoped to one group by code."""

    __tablename__ = "research_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")


class Proposal(Versioned, Timestamped, Base):
    """A group's proposal in one round: the format's proposal plus who owns it.

    `score` is an explicit panel score set by a coordinator or carried in by an
    import; without it the exported score is the mean of the reviewers' scores.
    """

    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("round_id", "code"),
        CheckConstraint("score IS NULL OR (score > 0 AND score <= 100)", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("research_groups.id"), index=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    title: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    coupled: Mapped[bool] = mapped_column(default=True)
    score: Mapped[float | None]
    submitted_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")

    round: Mapped[Round] = relationship(lazy="raise")
    group: Mapped[ResearchGroup] = relationship(lazy="raise")
    shares: Mapped[list[ProposalShare]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ProposalShare.position"
    )
    requests: Mapped[list[Request]] = relationship(
        back_populates="proposal",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="Request.position",
    )
    reviews: Mapped[list[Review]] = relationship(
        back_populates="proposal", lazy="raise", cascade="all, delete-orphan"
    )


class ProposalShare(Base):
    """The share of one country in a proposal's time (shares of a proposal sum to 1)."""

    __tablename__ = "proposal_shares"
    __table_args__ = (CheckConstraint("share > 0 AND share <= 1", name="share_range"),)

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    share: Mapped[float]

    country: Mapped[Country] = relationship(lazy="raise")


class Request(Base):
    """A request for shifts on one of several instruments, all numbers in shifts of the round.

    `round_id` is copied from the proposal so that request codes are unique per round,
    as the format requires of request ids.
    """

    __tablename__ = "requests"
    __table_args__ = (
        UniqueConstraint("round_id", "code"),
        CheckConstraint("shifts >= 1", name="shifts_positive"),
        CheckConstraint("min_shifts BETWEEN 1 AND shifts", name="min_shifts_range"),
        CheckConstraint("min_block BETWEEN 1 AND min_shifts", name="min_block_range"),
        CheckConstraint("release >= 0 AND deadline > release", name="window_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    position: Mapped[int] = mapped_column(default=0)
    shifts: Mapped[int]
    min_shifts: Mapped[int]
    min_block: Mapped[int]
    release: Mapped[int] = mapped_column(default=0)
    deadline: Mapped[int]
    unavailable: Mapped[list[list[int]]] = mapped_column(JSON, default=list)

    proposal: Mapped[Proposal] = relationship(back_populates="requests", lazy="raise")
    alternatives: Mapped[list[RequestInstrument]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="RequestInstrument.position"
    )


class RequestInstrument(Base):
    """One acceptable instrument of a request, in the order the team prefers them."""

    __tablename__ = "request_instruments"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True
    )
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)

    instrument: Mapped[Instrument] = relationship(lazy="raise")


class Precedence(Base):
    """`after` may be awarded only if `before` is, starting `min_gap` shifts after its end."""

    __tablename__ = "precedences"
    __table_args__ = (
        UniqueConstraint("before_id", "after_id"),
        CheckConstraint("min_gap >= 0", name="min_gap_non_negative"),
        CheckConstraint("before_id <> after_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    before_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    after_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    min_gap: Mapped[int] = mapped_column(default=0)

    before: Mapped[Request] = relationship(foreign_keys=[before_id], lazy="raise")
    after: Mapped[Request] = relationship(foreign_keys=[after_id], lazy="raise")


class Review(Versioned, Timestamped, Base):
    """One reviewer's score of one proposal (higher is better, 0 < score <= 100).

    A review belongs to the token that wrote it (`reviewer_token_id`), the reviewer's
    identity; `reviewer` is only the name shown, which another token may share.
    """

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("proposal_id", "reviewer_token_id"),
        CheckConstraint("score > 0 AND score <= 100", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    reviewer_token_id: Mapped[str] = mapped_column(ForeignKey("api_tokens.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(NAME_LENGTH))
    score: Mapped[float]
    comment: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="reviews", lazy="raise")
