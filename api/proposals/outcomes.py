"""The proposals lists' outcome filter (the page's and `GET /rounds/{r}/proposals`): the
accepted allocation's decision rows.

The outcome of each proposal (awarded, partial, rejected) is read from the decision
rows kept for the round's current state (`api.exports.cache`), as a sub-select, so a
10,000-proposal round is filtered in SQL. When none are kept for this state yet they
are computed as the decisions page computes them, handed to `remember` to be kept,
and the matching codes are passed on instead (bound as one JSON array, so any number of
them fits in the statement: `api.value_lists`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.errors import FieldProblem, ForbiddenError, InvalidInputError, NotFoundError
from api.exports.cache import ComputedExport, ExportCacheRepository, Remember, forget
from api.exports.decision_rows import DecisionRowRepository
from api.exports.decision_views import OUTCOMES, computed_rows, stored_values, summary_of
from api.exports.service import ExportService
from api.proposals.filters import ProposalCodes


@dataclass(frozen=True)
class OutcomeChoice:
    """Whether the visitor may filter by outcome now, and the proposals it keeps."""

    available: bool
    among: ProposalCodes | None = None
    """The codes with the chosen outcome (None: no outcome chosen)."""


def outcome_choice(
    session: Session,
    principal: Principal,
    code: str,
    outcome: str | None,
    *,
    remember: Remember = forget,
) -> OutcomeChoice:
    """The outcome filter of round `code`'s proposals for `outcome` (None: none chosen).

    Outcomes are available once the round has an accepted allocation (to a proposer,
    once published: its group's).

    Raises:
        InvalidInputError: an unknown outcome, or one asked before outcomes are known.
        ForbiddenError: reviewers asking for an outcome (they see no decisions).
    """
    if outcome is not None and outcome not in OUTCOMES:
        raise InvalidInputError(
            "unknown filter",
            errors=[FieldProblem("outcome", f"no outcome {outcome!r}; one of {OUTCOMES}")],
        )
    exports = ExportService(session, principal, remember=remember)
    try:
        round_, key, _ = exports.decisions_key(code)
    except ForbiddenError:
        if outcome is not None:
            raise
        return OutcomeChoice(available=False)
    except NotFoundError as missing:
        if outcome is not None:
            raise InvalidInputError(
                "no outcomes yet", errors=[FieldProblem("outcome", missing.detail)]
            ) from None
        return OutcomeChoice(available=False)
    if outcome is None:
        return OutcomeChoice(available=True)
    if ExportCacheRepository(session).body(key) is not None:
        return OutcomeChoice(True, DecisionRowRepository(session).proposals_with(key, outcome))
    rows = computed_rows(session, principal, exports, round_.id, code)
    remember(
        ComputedExport(
            key, summary_of(rows).model_dump_json(), rows=[stored_values(r) for r in rows]
        )
    )
    return OutcomeChoice(True, [row.proposal for row in rows if row.outcome == outcome])
