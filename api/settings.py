"""The service's settings, read from `BEAMTIME_*` environment variables.

Defaults suit one person on a laptop (a SQLite file, a local worker process);
`BEAMTIME_ENVIRONMENT=production` turns the defaults that are unsafe for a shared
deployment into errors at start-up instead of quiet risks.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Literal, Self

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/beamtime.sqlite3"
WEAK_PASSWORDS = frozenset({"", "postgres", "password", "changethis", "secret", "admin"})
MIN_SESSION_SECRET_LENGTH = 32
WEAK_SESSION_SECRETS = frozenset({"changethis", "secret", "development", "dev", "insecure"})


class Settings(BaseSettings):
    """Configuration of the HTTP service, its job backends and the CLI.

    Raises:
        pydantic.ValidationError: a value is out of range, or an insecure default is
            used with `environment="production"`.
    """

    model_config = SettingsConfigDict(env_prefix="BEAMTIME_", extra="ignore", frozen=True)

    environment: Literal["local", "production"] = "local"
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL; SQLite by default, `postgresql+psycopg://...` for PostgreSQL.",
    )
    broker_url: str | None = Field(
        default=None,
        description="Redis URL of the Dramatiq task queue; unset runs solves in local processes.",
    )
    broker_namespace: str = Field(default="beamtime", min_length=1, max_length=64)
    max_request_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_document_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    max_solve_seconds: float = Field(default=3600.0, gt=0)
    heartbeat_seconds: float = Field(default=2.0, gt=0)
    stale_after_seconds: float = Field(default=30.0, gt=0)
    supervise_every_seconds: float = Field(
        default=5.0, ge=0, description="How often dead workers are looked for; 0 turns it off."
    )
    cancel_grace_seconds: float = Field(default=10.0, ge=0)
    solver: str = Field(
        default="scheduler.solve:solve",
        description="The solve function as `module:function`, with the engine's signature.",
    )
    request_threads: int = Field(
        default_factory=lambda: max(4, 2 * (os.cpu_count() or 1)),
        ge=1,
        le=1000,
        description="Worker threads that run request handlers (default: twice the cores, "
        "at least 4).",
    )
    docs_enabled: bool = True
    session_secret: str | None = Field(
        default=None,
        repr=False,
        description="Signs the web pages' session cookies and CSRF tokens (at least 32 "
        "characters). Required in production; locally a random one is generated and kept "
        "beside the SQLite file (or in memory).",
    )
    session_hours: float = Field(
        default=12.0, gt=0, le=24 * 30, description="How long a web session lasts."
    )

    @field_validator("database_url", mode="before")
    @classmethod
    def _refuse_unusable_database_url(cls, value: object) -> object:
        return usable_database_url(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _refuse_insecure_production_defaults(self) -> Self:
        if self.environment != "production":
            return self
        if self.database_url.startswith("sqlite"):
            raise ValueError(
                "BEAMTIME_DATABASE_URL is SQLite; production needs PostgreSQL "
                "(concurrent writers, durable bookings)"
            )
        password = _password_of(self.database_url)
        if password is not None and password.lower() in WEAK_PASSWORDS:
            raise ValueError("the database password in BEAMTIME_DATABASE_URL is a known default")
        _refuse_weak_session_secret(self.session_secret)
        if self.stale_after_seconds <= 2 * self.heartbeat_seconds:
            raise ValueError("BEAMTIME_STALE_AFTER_SECONDS must exceed two heartbeats")
        return self

    @property
    def is_sqlite(self) -> bool:
        """Whether the database is a SQLite file."""
        return self.database_url.startswith("sqlite")


class SettingsError(ValueError):
    """The `BEAMTIME_*` variables do not make a usable configuration; one line per problem,
    each naming its variable (values are not repeated: they may hold passwords)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid settings: " + "; ".join(problems))
        self.problems = problems


def load_settings(**overrides: object) -> Settings:
    """The settings from the environment (and `overrides`), for the app and the CLI.

    Raises:
        SettingsError: a variable is missing, malformed or unsafe (see `Settings`).
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError([_problem(detail) for detail in error.errors()]) from None


def _problem(detail: Mapping[str, Any]) -> str:
    message = str(detail["msg"]).removeprefix("Value error, ")
    fields = [str(part) for part in detail["loc"]]
    if not fields or message.startswith("BEAMTIME_"):
        return message
    return f"BEAMTIME_{fields[0].upper()}: {message}"


def usable_database_url(url: str) -> str:
    """`url` without surrounding blanks, once SQLAlchemy can parse it and knows its backend.

    A variable that is set but empty (`BEAMTIME_DATABASE_URL=` in an env file) is refused
    rather than read as the SQLite default: whoever set it meant some database, and
    quietly writing to a local file instead would lose their bookings.

    Raises:
        ValueError: `url` is blank, not a SQLAlchemy URL, or names an unknown backend;
            the message names BEAMTIME_DATABASE_URL.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    stripped = url.strip()
    if not stripped:
        raise ValueError(
            "BEAMTIME_DATABASE_URL is set but empty; unset it for the SQLite default "
            f"({DEFAULT_DATABASE_URL}) or give a SQLAlchemy URL such as "
            "postgresql+psycopg://user:password@host/beamtime"
        )
    try:
        parsed = make_url(stripped)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise ValueError(
            "BEAMTIME_DATABASE_URL is not a SQLAlchemy URL (expected backend://..., such as "
            "sqlite:///var/beamtime.sqlite3 or postgresql+psycopg://user:password@host/beamtime)"
        ) from None
    try:
        parsed.get_dialect()
    except NoSuchModuleError:
        raise ValueError(
            f"BEAMTIME_DATABASE_URL names an unknown database backend {parsed.drivername!r} "
            "(sqlite or postgresql+psycopg)"
        ) from None
    return stripped


def _refuse_weak_session_secret(secret: str | None) -> None:
    if secret is None:
        raise ValueError(
            "BEAMTIME_SESSION_SECRET is not set; production needs a random secret of at least "
            f"{MIN_SESSION_SECRET_LENGTH} characters (e.g. `python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'`)"
        )
    if len(secret) < MIN_SESSION_SECRET_LENGTH:
        raise ValueError(
            f"BEAMTIME_SESSION_SECRET is shorter than {MIN_SESSION_SECRET_LENGTH} characters"
        )
    if secret.lower() in WEAK_SESSION_SECRETS or len(set(secret)) < 8:
        raise ValueError("BEAMTIME_SESSION_SECRET is a known default or too repetitive")


def _password_of(url: str) -> str | None:
    from sqlalchemy.engine import make_url

    return make_url(url).password
