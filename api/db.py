"""Engines and sessions: one `Database` per process, one session per request or job step.

Work that may write runs in `transaction()`; work that only reads (GET requests,
authentication) runs in `read_transaction()`. On SQLite the two use separate
connection pools: writers begin `IMMEDIATE` and queue on an in-process writer lock
(a read that later writes can then never fail to upgrade), readers begin `DEFERRED`
on connections set to `query_only`, take no lock and, thanks to WAL, read the last
committed state while a writer works. PostgreSQL runs both at READ COMMITTED with
explicit row locks where the rules need them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

SQLITE_BUSY_TIMEOUT_MS = 30_000

AfterCommit = Callable[[], None]


def create_database_engine(url: str, *, pool: bool = True, read_only: bool = False) -> Engine:
    """An engine for `url`, with SQLite set up for several threads and processes.

    Args:
        url: a SQLAlchemy URL (`sqlite:///file`, `postgresql+psycopg://...`).
        pool: keep connections in a pool (False for short-lived processes).
        read_only: SQLite only: connections that refuse writes and take no writer lock.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            poolclass=None if pool else NullPool,
        )
        if read_only:
            _configure_sqlite_reader(engine)
        else:
            _configure_sqlite(engine)
        return engine
    options: dict[str, Any] = {"pool_pre_ping": True}
    if not pool:
        options["poolclass"] = NullPool
    else:
        options.update(pool_size=10, max_overflow=20)
    return create_engine(url, **options)


def _sqlite_pragmas(dbapi_connection: Any, *, read_only: bool) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    if read_only:
        # A reader that tried to write would have to upgrade its snapshot, which can fail
        # under a concurrent writer; refusing every write makes such a bug loud and early.
        cursor.execute("PRAGMA query_only = ON")
    cursor.close()


def _configure_sqlite_reader(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        _sqlite_pragmas(dbapi_connection, read_only=True)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # One snapshot for the whole read, taken at its first statement, never a lock.
        connection.exec_driver_sql("BEGIN DEFERRED")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        _sqlite_pragmas(dbapi_connection, read_only=False)

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
    """An engine for writers, one for readers (the same one except on SQLite files), and
    their session factories."""

    def __init__(
        self, engine: Engine, *, bind: Any = None, read_engine: Engine | None = None
    ) -> None:
        self.engine = engine
        self.read_engine = read_engine or engine
        # Sessions bound to one connection (tests rolled back at the end) share it: threads
        # of the same process (a job's heartbeat beside its snapshot) must take turns on it.
        self._turns: threading.RLock | None = threading.RLock() if bind is not None else None
        self.sessions = self._factory(bind if bind is not None else engine, bound=bind is not None)
        self.read_sessions = self._factory(
            bind if bind is not None else self.read_engine, bound=bind is not None
        )

    @staticmethod
    def _factory(bind: Any, *, bound: bool) -> sessionmaker[Session]:
        return sessionmaker(
            bind=bind,
            expire_on_commit=False,
            autoflush=True,
            join_transaction_mode="create_savepoint" if bound else "conditional_savepoint",
        )

    @classmethod
    def from_url(cls, url: str, *, pool: bool = True) -> Database:
        """A database for `url` (see `create_database_engine`)."""
        parsed = make_url(url)
        separate_reader = parsed.get_backend_name() == "sqlite" and parsed.database not in (
            None,
            "",
            ":memory:",
        )
        read_engine = (
            create_database_engine(url, pool=pool, read_only=True) if separate_reader else None
        )
        return cls(create_database_engine(url, pool=pool), read_engine=read_engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error.

        Callbacks registered with `after_commit` run once the commit has succeeded.
        """
        with self._turn(), self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                session.info.pop("after_commit", None)
                raise
            run_after_commit(session)

    @contextmanager
    def read_transaction(self) -> Iterator[Session]:
        """A session for work that only reads; it never waits for a writer.

        On SQLite it refuses writes (`sqlite3.OperationalError`, read-only database).
        """
        with self._turn(), self.read_sessions() as session:
            yield session

    def _turn(self) -> AbstractContextManager[object]:
        """The shared connection's turn, when sessions share one; nothing otherwise."""
        return self._turns if self._turns is not None else nullcontext()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()


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
