"""The objects of an instance document, by position, as the consistency rules see them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.exchange.instance import (
        ContributionSharePolicy,
        Country,
        Facility,
        Instrument,
        Precedence,
        Proposal,
        ReciprocityPolicy,
        Round,
    )
    from models.exchange.replan import Replan


@dataclass(frozen=True)
class InstanceParts:
    """Valid objects of a document with their list positions; a partly invalid document has gaps.

    `written_ids` maps a kind ("country", "facility", "instrument", "request", ...)
    to every id the document writes for it, valid object or not, so that a
    reference to an object with a problem of its own is not also called unknown.
    """

    round: Round | None
    countries: list[tuple[int, Country]]
    facilities: list[tuple[int, Facility]]
    instruments: list[tuple[int, Instrument]]
    proposals: list[tuple[int, Proposal]]
    precedences: list[tuple[int, Precedence]]
    policies: list[tuple[int, ContributionSharePolicy | ReciprocityPolicy]]
    written_ids: dict[str, set[str]] = field(default_factory=dict)
    replan: Replan | None = None
