"""Rules for proposals.

* A proposer sees only its group's proposals (a foreign one answers 404, like a
  missing one), submits and edits them only while the round is `open`.
* The round's coordinators and admins see all, submit for a named group and edit
  in `draft`, `open` and `review` (including an explicit score).
* The round's reviewers read every proposal (to score it) and change none.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from api import idempotency
from api.audit.log import record
from api.auth.principal import Principal, Role
from api.concurrency import check_version
from api.errors import (
    FieldProblem,
    ForbiddenError,
    InvalidInputError,
    LifecycleConflictError,
    NotFoundError,
)
from api.groups.repository import GroupRepository
from api.proposals.filters import ProposalFilter
from api.proposals.repository import ProposalRepository
from api.proposals.schemas import ProposalCreate, ProposalRead, ProposalUpdate
from api.proposals.validation import (
    RequestSpec,
    check_requests,
    check_shares,
    raise_if_any,
)
from api.proposals.views import proposal_read
from api.rounds.access import can_run
from api.rounds.lifecycle import require_state
from api.rounds.service import get_visible_round
from api.rounds.states import RoundAction, states_allowing
from models.orm import (
    Proposal,
    ProposalShare,
    Request,
    RequestInstrument,
    ResearchGroup,
    Round,
    utc_now,
)

PROPOSER_EDIT_STATES = states_allowing(RoundAction.SUBMIT_PROPOSAL)
RUNNER_EDIT_STATES = states_allowing(RoundAction.EDIT_PROPOSAL)
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_proposal_code() -> str:
    """A random proposal id such as `P-7K2M9Q4D`; random so that ids reveal no count."""
    return "P-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def request_code(proposal_code: str, position: int) -> str:
    """The id of a proposal's request at `position`: `P-7K2M9Q4D/a`, `/b`, ... `/z`, `/27`."""
    suffix = chr(ord("a") + position) if position < 26 else str(position + 1)
    return f"{proposal_code}/{suffix}"


class ProposalService:
    """Proposals of rounds, as seen and changed by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.proposals = ProposalRepository(session)

    def _visible(self, round_: Round, code: str, *, lock: bool = False) -> Proposal:
        proposal = self.proposals.by_code(round_.id, code, lock=lock)
        if proposal is None or not self._may_see(round_, proposal):
            raise NotFoundError(f"no proposal {code} in round {round_.code}")
        return proposal

    def _may_see(self, round_: Round, proposal: Proposal) -> bool:
        if self.principal.role is Role.PROPOSER:
            return self.principal.owns_group(proposal.group.code)
        return True  # the round is visible, and its runners and reviewers see every proposal

    def view(self, round_: Round, proposal: Proposal) -> ProposalRead:
        """The caller's view of a proposal."""
        return proposal_read(proposal, round_, self.principal)

    def list_visible(
        self, round_code: str, limit: int, offset: int, chosen: ProposalFilter | None = None
    ) -> tuple[Round, Sequence[Proposal], int]:
        """A page of the round's proposals the caller may see (a proposer: its group's)
        that pass `chosen`, in its order (`ProposalRepository.page`), and how many pass.

        `chosen.scored` asks a reviewer about its own score (what it still has to
        review), others about any score. A proposer naming another group gets none.

        Raises:
            NotFoundError: the round is not visible.
            ForbiddenError: a review status or an order by score asked by someone who
                does not run the round (they do not see scores).
        """
        chosen = chosen or ProposalFilter()
        round_ = get_visible_round(self.session, self.principal, round_code)
        if chosen.reveals_scores() and not can_run(self.principal, round_):
            raise ForbiddenError(
                "only the round's coordinators filter by review status or order by score"
            )
        if self.principal.role is Role.PROPOSER:
            if chosen.group is not None and chosen.group != self.principal.group:
                return round_, [], 0
            chosen = replace(chosen, group=self.principal.group)
        reviewer = self.principal.token_id if self.principal.role is Role.REVIEWER else None
        rows, total = self.proposals.page(
            round_.id, limit, offset, chosen, reviewer_token_id=reviewer
        )
        return round_, rows, total

    def group_codes(self, round_: Round) -> list[str]:
        """The groups with proposals in the round the caller may see (a proposer: its own
        if it has any)."""
        codes = self.proposals.group_codes(round_.id)
        if self.principal.role is Role.PROPOSER:
            return [code for code in codes if self.principal.owns_group(code)]
        return codes

    def get(self, round_code: str, code: str) -> tuple[Round, Proposal]:
        """One proposal the caller may see.

        Raises:
            NotFoundError: the round or the proposal is missing or not visible.
        """
        round_ = get_visible_round(self.session, self.principal, round_code)
        return round_, self._visible(round_, code)

    def _require_editor(self, round_: Round, proposal_group: str | None, doing: str) -> None:
        if can_run(self.principal, round_):
            require_state(round_.state, RUNNER_EDIT_STATES, doing)
        elif self.principal.role is Role.PROPOSER and (
            proposal_group is None or self.principal.owns_group(proposal_group)
        ):
            require_state(round_.state, PROPOSER_EDIT_STATES, doing)
        else:
            raise ForbiddenError(f"{self.principal.role.value}s may not do this")

    def may_change(self, round_: Round, proposal_group: str | None) -> bool:
        """Whether the caller may now submit (`proposal_group` None), edit or withdraw a
        proposal of the group: the rule the changes themselves apply, for pages' links."""
        try:
            self._require_editor(round_, proposal_group, "changing a proposal")
        except (ForbiddenError, LifecycleConflictError):
            return False
        return True

    def _group_for(self, round_: Round, body: ProposalCreate) -> ResearchGroup:
        groups = GroupRepository(self.session)
        if self.principal.role is Role.PROPOSER and not can_run(self.principal, round_):
            if body.group is not None and body.group != self.principal.group:
                raise InvalidInputError(
                    "proposers submit for their own group",
                    errors=[FieldProblem("body.group", "leave out or use your own")],
                )
            own = groups.by_code(self.principal.group or "")
            if own is None:  # pragma: no cover - tokens create their group
                raise InvalidInputError("your group does not exist")
            return own
        if body.group is None:
            raise InvalidInputError(
                "name the group",
                errors=[FieldProblem("body.group", "is required for coordinators")],
            )
        group = groups.by_code(body.group)
        if group is None:
            raise InvalidInputError(
                "unknown group", errors=[FieldProblem("body.group", f"no group {body.group}")]
            )
        return group

    def submit(
        self, round_code: str, body: ProposalCreate, idempotency_key: str | None
    ) -> tuple[ProposalRead, bool]:
        """Submit a proposal; with an Idempotency-Key a retry replays the first response.

        Returns:
            The proposal's view and whether it is a replay.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError, InvalidInputError,
            IdempotencyKeyReusedError, IdempotencyInProgressError.
        """
        round_ = get_visible_round(self.session, self.principal, round_code, lock="share")
        request_hash = idempotency.fingerprint(
            "POST", f"/rounds/{round_code}/proposals", body.model_dump(mode="json")
        )
        if idempotency_key is not None:
            stored = idempotency.replay(self.session, self.principal, idempotency_key, request_hash)
            if stored is not None:
                return ProposalRead.model_validate(stored.body), True
        self._require_editor(round_, None, "submitting a proposal")
        group = self._group_for(round_, body)
        problems: list[FieldProblem] = []
        shares = check_shares(self.session, body.countries, problems)
        specs = check_requests(self.session, round_, body.requests, problems)
        raise_if_any(problems)
        code = new_proposal_code()
        while self.proposals.exists(round_.id, code):  # pragma: no cover - 32**8 codes
            code = new_proposal_code()
        proposal = Proposal(
            round_id=round_.id,
            group=group,
            code=code,
            title=body.title,
            coupled=body.coupled,
            submitted_by=self.principal.name,
            reviews=[],
            shares=[
                ProposalShare(country=country, share=share, position=i)
                for i, (country, share) in enumerate(shares)
            ],
            requests=[],
        )
        _set_requests(proposal, round_, specs)
        self.proposals.add(proposal)
        view = self.view(round_, proposal)
        if idempotency_key is not None:
            idempotency.remember(
                self.session,
                self.principal,
                idempotency_key,
                request_hash,
                idempotency.StoredResponse(201, view.model_dump(mode="json")),
            )
        record(
            self.session,
            self.principal,
            "proposal.create",
            "proposal",
            code,
            round_code=round_.code,
            proposal_code=code,
            detail={"group": group.code},
        )
        return view, False

    def update(
        self, round_code: str, code: str, body: ProposalUpdate, version: int
    ) -> tuple[Round, Proposal]:
        """Change a proposal under If-Match.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError,
            PreconditionFailedError, InvalidInputError.
        """
        round_ = get_visible_round(self.session, self.principal, round_code, lock="share")
        proposal = self._visible(round_, code, lock=True)
        self._require_editor(round_, proposal.group.code, "editing a proposal")
        check_version(proposal.version, version)
        if "score" in body.model_fields_set and not can_run(self.principal, round_):
            raise ForbiddenError("only the round's coordinators set an explicit score")
        problems: list[FieldProblem] = []
        shares = check_shares(self.session, body.countries, problems) if body.countries else None
        specs = (
            check_requests(self.session, round_, body.requests, problems) if body.requests else None
        )
        raise_if_any(problems)
        if body.title is not None:
            proposal.title = body.title
        if body.coupled is not None:
            proposal.coupled = body.coupled
        if "score" in body.model_fields_set:
            proposal.score = body.score
        if shares is not None:
            proposal.shares = [
                ProposalShare(country=country, share=share, position=i)
                for i, (country, share) in enumerate(shares)
            ]
        if specs is not None:
            _set_requests(proposal, round_, specs)
        # Touching the row makes the mapper bump its version even when only
        # requests or shares (other tables) changed, so the ETag always moves.
        proposal.updated_at = utc_now()
        self.session.flush()
        record(
            self.session,
            self.principal,
            "proposal.update",
            "proposal",
            code,
            round_code=round_.code,
            proposal_code=code,
            detail={"fields": sorted(body.model_fields_set)},
        )
        return round_, proposal

    def withdraw(self, round_code: str, code: str, version: int) -> None:
        """Withdraw (delete) a proposal under If-Match.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError, PreconditionFailedError.
        """
        round_ = get_visible_round(self.session, self.principal, round_code, lock="share")
        proposal = self._visible(round_, code, lock=True)
        self._require_editor(round_, proposal.group.code, "withdrawing a proposal")
        check_version(proposal.version, version)
        self.proposals.delete(proposal)
        record(
            self.session,
            self.principal,
            "proposal.withdraw",
            "proposal",
            code,
            round_code=round_.code,
            proposal_code=code,
            detail={"group": proposal.group.code},
        )


def _set_requests(proposal: Proposal, round_: Round, specs: list[RequestSpec]) -> None:
    """Make the proposal's requests match `specs`, keeping rows (and ids) by position."""
    existing = list(proposal.requests)
    kept: list[Request] = []
    for position, spec in enumerate(specs):
        if position < len(existing):
            request = existing[position]
        else:
            request = Request(
                round_id=round_.id, code=request_code(proposal.code, position), alternatives=[]
            )
        request.position = position
        request.shifts = spec.shifts
        request.min_shifts = spec.min_shifts
        request.min_block = spec.min_block
        request.release = spec.release
        request.deadline = spec.deadline
        request.unavailable = spec.unavailable
        if [a.instrument_id for a in request.alternatives] != [i.id for i in spec.instruments]:
            request.alternatives = [
                RequestInstrument(instrument=instrument, position=i)
                for i, instrument in enumerate(spec.instruments)
            ]
        kept.append(request)
    proposal.requests = kept
