"""Operations the command line performs on the database directly (no HTTP involved).

The command line acts as an admin ("command line" in the audit log); it needs
no token because whoever can run it can read the database anyway.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path

from api.auth.principal import Principal, Role
from api.db import Database
from api.settings import Settings


def command_line_principal() -> Principal:
    """The principal the command line acts as."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name in some containers
        user = "unknown"
    return Principal(token_id="command-line", name=f"command line ({user})", role=Role.ADMIN)


def describe_database(url: str) -> str:
    """The database of `url` for people: a SQLite file's absolute path, else the URL
    without its password."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            return "SQLite in memory"
        return f"SQLite file {Path(parsed.database).resolve()}"
    return parsed.render_as_string(hide_password=True)


def prepare_database(settings: Settings) -> Database:
    """A database for the settings, migrated to the newest schema (SQLite folders made)."""
    from sqlalchemy.engine import make_url

    from api.migrate import upgrade

    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    database = Database.from_url(settings.database_url)
    upgrade(database.engine)
    return database


@dataclass(frozen=True)
class IssuedToken:
    """A token just made: its id, role, scope and value (shown once)."""

    id: str
    role: str
    scope: list[str]
    value: str


def create_token(
    database: Database,
    *,
    name: str,
    role: Role,
    facilities: list[str],
    rounds: list[str],
    group: str | None,
) -> IssuedToken:
    """Issue a token from the command line.

    Raises:
        InvalidInputError: the scope does not fit the role.
    """
    from api.auth.schemas import TokenCreate
    from api.auth.service import issue_token

    request = TokenCreate(name=name, role=role, facilities=facilities, rounds=rounds, group=group)
    with database.transaction() as session:
        token, value = issue_token(session, request, issued_by=command_line_principal())
        return IssuedToken(token.id, token.role, list(token.scope), value)


def load_round(
    database: Database,
    raw: bytes,
    *,
    group: str,
    state: str,
    groups: dict[str, str] | None = None,
) -> str:
    """Import an instance document as a new round; returns the round's code.

    Args:
        group: the research group of proposals `groups` does not name.
        groups: research group codes by proposal id.

    Raises:
        InvalidDocumentError, AlreadyExistsError, LifecycleConflictError.
    """
    from api.rounds.service import RoundDocuments
    from models.orm import RoundState

    with database.transaction() as session:
        round_ = RoundDocuments(session, command_line_principal()).import_document(
            raw, group, RoundState(state), groups
        )
        return round_.code
