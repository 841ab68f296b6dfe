"""A list of proposals narrowed to given ids (the outcome filter's first visit) takes any
number of ids: more than SQLite (32,766) or PostgreSQL (65,535) bind in one statement."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from sqlalchemy import select

from api.auth.principal import Role
from api.db import Database
from api.proposals.filters import ProposalFilter
from api.proposals.repository import ProposalRepository
from api.value_lists import listed_strings
from models.orm import Proposal, Round
from tests.api import factories
from tests.api.helpers import Api

POSTGRES_MOST_PARAMETERS = 65_535
"""The wire protocol counts a statement's parameters in 16 bits."""


def _most_parameters(database: Database) -> int:
    """How many parameters one statement may bind on `database` (SQLite: as the library was
    compiled, 32,766 upstream, 250,000 in Debian's build)."""
    if database.engine.dialect.name != "sqlite":
        return POSTGRES_MOST_PARAMETERS
    with closing(sqlite3.connect(":memory:")) as connection:
        return connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _imported_round(api: Api) -> int:
    api.caller(Role.ADMIN).ok(
        "POST",
        "/rounds/import",
        201,
        content=json.dumps({"instance": factories.instance_document("BIG-1")}),
        params={"group": "rest"},
    )
    with api.database.read_transaction() as session:
        round_id = session.scalar(select(Round.id).where(Round.code == "BIG-1"))
    assert round_id is not None
    return round_id


def test_a_list_narrowed_to_more_ids_than_the_database_binds(api: Api, database: Database) -> None:
    round_id = _imported_round(api)
    absent = [f"P-ABSENT-{n:06d}" for n in range(_most_parameters(database))]
    among = [*absent[:1000], "P-3", *absent[1000:], "P-1"]
    with database.read_transaction() as session:
        rows, total = ProposalRepository(session).page(
            round_id, 100, 0, ProposalFilter(among=among, sort="title")
        )
    assert [row.code for row in rows] == ["P-1", "P-3"]
    assert total == 2


def test_the_statement_does_not_grow_with_the_number_of_ids(database: Database) -> None:
    dialect = database.engine.dialect
    sizes = set()
    for count in (1, 10, 10_000):
        codes = [f"P-{n}" for n in range(count)]
        query = select(Proposal.code).where(Proposal.code.in_(listed_strings(dialect.name, codes)))
        compiled = query.compile(dialect=dialect)
        sizes.add((len(compiled.params), len(str(compiled))))
    assert sizes == {(1, len(str(compiled)))}


def test_an_empty_list_of_ids_keeps_nothing(api: Api, database: Database) -> None:
    round_id = _imported_round(api)
    with database.read_transaction() as session:
        rows, total = ProposalRepository(session).page(round_id, 100, 0, ProposalFilter(among=[]))
    assert (list(rows), total) == ([], 0)
