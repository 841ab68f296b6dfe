"""What each round state allows is one table (`api/rounds/states.py`): its rows, and no
set of states kept anywhere else."""

from __future__ import annotations

import ast
from pathlib import Path

from sqlalchemy import text

from api.db import Database
from api.rounds.states import ALLOWED, RoundAction, allows, states_allowing
from models.orm import Country, Facility, Round, RoundState, utc_now

ROOT = Path(__file__).resolve().parents[2]
TABLE_HOMES = {ROOT / "api/rounds/states.py", ROOT / "api/rounds/lifecycle.py"}

EXPECTED = {
    # action: the states allowing it, d o r a p c (draft open review allocated published closed)
    RoundAction.CHANGE_CALENDAR: "d . . . . .",
    RoundAction.IMPORT: "d o r . . .",
    RoundAction.SEE_ROUND: ". o r a p c",
    RoundAction.SUBMIT_PROPOSAL: ". o . . . .",
    RoundAction.EDIT_PROPOSAL: "d o r . . .",
    RoundAction.REVIEW: ". . r . . .",
    RoundAction.EDIT_AGREEMENTS: "d o r a p .",
    RoundAction.ADJUST_AGREEMENTS: "d o r a . .",
    RoundAction.SOLVE: ". . r a p .",
    RoundAction.ACCEPT_ALLOCATION: ". . r a . .",
    RoundAction.CHANGE_BOOKINGS: ". . . . p .",
    RoundAction.RECORD_OUTAGE: ". . . . p .",
    RoundAction.REPLAN: ". . . . p .",
    RoundAction.SHOW_PUBLISHED: ". . . . p c",
}


def test_the_table_allows_each_action_in_exactly_its_states() -> None:
    states = list(RoundState)
    for action, row in EXPECTED.items():
        marks = row.split()
        expected = {state for state, mark in zip(states, marks, strict=True) if mark != "."}
        assert states_allowing(action) == expected, action
        assert all(allows(state.value, action) == (state in expected) for state in states)
    assert set(ALLOWED) == set(RoundAction) == set(EXPECTED)


def _sets_of_states(path: Path) -> list[int]:
    """Lines with a set, frozenset or tuple literal of `RoundState` members, or a round's
    `state` compared with one: a rule about states kept outside the table."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def is_state(node: ast.AST) -> bool:
        target = node.value if isinstance(node, ast.Attribute) and node.attr == "value" else node
        return (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "RoundState"
        )

    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Set | ast.Tuple) and any(is_state(e) for e in node.elts):
            lines.append(node.lineno)
        operands = [node.left, *node.comparators] if isinstance(node, ast.Compare) else []
        if any(is_state(o) for o in operands) and any(
            isinstance(o, ast.Attribute) and o.attr == "state" for o in operands
        ):
            lines.append(node.lineno)
    return lines


def test_no_module_keeps_a_set_of_states_of_its_own() -> None:
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / "api").rglob("*.py")
        if path not in TABLE_HOMES and (lines := _sets_of_states(path))
    }
    assert offenders == {}


def test_round_state_is_the_enum_and_stored_as_its_plain_value(database: Database) -> None:
    with database.transaction() as session:
        facility = Facility(code="F", host_country=Country(code="RU"), instruments=[])
        round_ = Round(code="R", start=utc_now(), n_shifts=3, facilities=[facility])
        session.add(round_)
        session.flush()
        round_.state = RoundState.OPEN
        session.flush()
        stored = session.execute(text("SELECT state FROM rounds WHERE code = 'R'")).scalar_one()
        session.expire(round_)
        assert stored == "open"
        assert round_.state is RoundState.OPEN
