"""The example round as the page tests use it: `examples/small-demo.json`, loaded,
solved, accepted and published through the service functions, with a second research
group's proposal in it and tokens for every kind of visitor."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from api.allocations.service import AllocationService
from api.auth.principal import Principal, Role
from api.commandline import command_line_principal, create_token, load_round
from api.db import Database
from api.proposals.schemas import ProposalCreate, ProposalUpdate, RequestCreate
from api.proposals.service import ProposalService
from api.rounds.schemas import RoundTransition
from api.rounds.service import RoundDocuments, RoundService
from models.exchange import dump_document, parse_instance
from scheduler.params import SolveParams
from scheduler.solve import solve

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "small-demo.json"
DEMO_GROUP = "demo-group"
OTHER_GROUP = "kz-detectors"


@dataclass(frozen=True)
class World:
    """The published example round and a token for each visitor."""

    round: str
    other_proposal: str
    tokens: dict[str, str]


def build_world(database: Database, *, time_limit: float = 5.0) -> World:
    """Load, complete, solve, accept and publish the example round."""
    code = load_round(database, EXAMPLE.read_bytes(), group=DEMO_GROUP, state="open")
    tokens = {
        "admin": _token(database, Role.ADMIN),
        "coordinator": _token(database, Role.COORDINATOR, facilities=["NICA"]),
        "other_coordinator": _token(database, Role.COORDINATOR, facilities=["ELSEWHERE"]),
        "reviewer": _token(database, Role.REVIEWER, rounds=[code]),
        "proposer": _token(database, Role.PROPOSER, group=DEMO_GROUP),
    }
    issued = create_token(
        database,
        name="KZ detector team",
        role=Role.PROPOSER,
        facilities=[],
        rounds=[],
        group=OTHER_GROUP,
    )
    tokens["other_proposer"] = issued.value
    other = Principal(issued.id, "KZ detector team", Role.PROPOSER, group=OTHER_GROUP)
    admin = command_line_principal()
    with database.transaction() as session:
        view, _ = ProposalService(session, other).submit(
            code,
            ProposalCreate(
                title="Beam test of a detector prototype",
                countries={"KZ": 1.0},
                requests=[RequestCreate(instruments=["INP-DC60"], shifts=6)],
            ),
            None,
        )
    with database.transaction() as session:
        ProposalService(session, admin).update(
            code, view.id, ProposalUpdate(score=4.9), view.version
        )
        RoundService(session, admin).transition(code, RoundTransition(to="review"), None)
    with database.transaction() as session:
        instance = parse_instance(RoundDocuments(session, admin).export(code))
    solution = solve(instance, SolveParams(time_limit=time_limit, workers=2, seed=1))
    with database.transaction() as session:
        AllocationService(session, admin).import_solution(code, dump_document(solution).encode())
    with database.transaction() as session:
        RoundService(session, admin).transition(code, RoundTransition(to="published"), None)
    return World(code, view.id, tokens)


def _token(
    database: Database,
    role: Role,
    *,
    facilities: list[str] | None = None,
    rounds: list[str] | None = None,
    group: str | None = None,
) -> str:
    return create_token(
        database,
        name=f"{role.value} {group or ','.join(facilities or rounds or [])}".strip(),
        role=role,
        facilities=facilities or [],
        rounds=rounds or [],
        group=group,
    ).value
