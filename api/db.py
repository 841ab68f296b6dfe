"""Engines and sessions: one `Database` per process, one session per request or job step.

SQLite transactions start with `BEGIN IMMEDIATE`, so that writers queue on the
database lock (with a busy timeout) instead of failing when a read transaction
tries to become a write; PostgreSQL runs at READ COMMITTED with explicit row locks
where the rules need them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

SQLITE_BUSY_TIMEOUT_MS = 30_000

AfterCommit = Callable[[], None]


def create_database_engine(url: str, *, pool: bool = True) -> Engine:
    """An engine for `url`, with SQLite set up for several threads and processes.

    Args:
        url: a SQLAlchemy URL (`sqlite:///file`, `postgresql+psycopg://...`).
        pool: keep connections in a pool (False for short-lived processes).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            poolclass=None if pool else NullPool,
        )
        _configure_sqlite(engine)
        return engine
    options: dict[str, Any] = {"pool_pre_ping": True}
    if not pool:
        options["poolclass"] = NullPool
    else:
        options.update(pool_size=10, max_overflow=20)
    return create_engine(url, **options)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    # SQLite lets one writer in at a time and makes the others poll with growing sleeps,
    # which starves some of them under load. Within a process, writers queue on a lock
    # instead (woken as soon as it is free); across processes the busy timeout still applies.
    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.info["holds_writer_lock"] = writer.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(connection)
            raise

    def _release(connection: Any) -> None:
        if connection.info.pop("holds_writer_lock", False):
            writer.release()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)


class Database:
    """An engine and its session factory."""

    def __init__(self, engine: Engine, *, bind: Any = None) -> None:
        self.engine = engine
        self.sessions = sessionmaker(
            bind=bind if bind is not None else engine,
            expire_on_commit=False,
            autoflush=True,
            join_transaction_mode="create_savepoint"
            if bind is not None
            else "conditional_savepoint",
        )

    @classmethod
    def from_url(cls, url: str, *, pool: bool = True) -> Database:
        """A database for `url` (see `create_database_engine`)."""
        return cls(create_database_engine(url, pool=pool))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error.

        Callbacks registered with `after_commit` run once the commit has succeeded.
        """
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                session.info.pop("after_commit", None)
                raise
            run_after_commit(session)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def after_commit(session: Session, callback: AfterCommit) -> None:
    """Run `callback` once `session`'s transaction has been committed (never on rollback)."""
    session.info.setdefault("after_commit", []).append(callback)


def run_after_commit(session: Session) -> None:
    """Run and forget the callbacks registered with `after_commit`."""
    callbacks: list[AfterCommit] = session.info.pop("after_commit", [])
    for callback in callbacks:
        callback()


def ping(session: Session) -> str:
    """Run a trivial query; returns the database's dialect name.

    Raises:
        sqlalchemy.exc.OperationalError: the database does not answer.
    """
    session.execute(text("SELECT 1"))
    return session.get_bind().dialect.name
