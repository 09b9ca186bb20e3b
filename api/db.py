"""The gateway's SQL database (DB_URL): one engine and one metadata for its tables."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Dict, Optional, TypeVar, overload

import sqlalchemy as sa

metadata = sa.MetaData()
SQLITE_BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(connection, _record) -> None:
    """WAL lets readers and one writer work at once; a busy timeout waits for a lock instead of
    failing with "database is locked" at once."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(db_url: str) -> sa.engine.Engine:
    """An engine for ``db_url``; a SQLite file's folder is created if missing, and SQLite runs in WAL
    mode with a busy timeout. A SQLite file's connections are pooled (SQLAlchemy 2's default; 1.4
    opened and closed one per transaction, which cost more than the question log's insert)."""
    url = sa.engine.make_url(db_url)
    sqlite = url.drivername.startswith("sqlite")
    pooled: dict = {}
    if sqlite and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        pooled = {"poolclass": sa.pool.QueuePool, "connect_args": {"check_same_thread": False}}
    engine = sa.create_engine(db_url, future=True, pool_pre_ping=True, **pooled)
    if sqlite:
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@overload
def as_utc(moment: datetime) -> datetime: ...
@overload
def as_utc(moment: None) -> None: ...
def as_utc(moment: Optional[datetime]) -> Optional[datetime]:
    """A stored time with its zone: SQLite gives UTC times back without one."""
    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment


def row_dict(row: Any) -> Dict[str, Any]:
    """A result row as a dict, its times in UTC with their zone."""
    return {key: as_utc(value) if isinstance(value, datetime) else value for key, value in row._mapping.items()}


Record = TypeVar("Record")


def record_of(kind: Callable[..., Record], row: Any, **values: Any) -> Record:
    """A typed record (a dataclass) of a result row, its times in UTC with their zone, some fields read
    otherwise (``values``: decoded JSON, an enum)."""
    return kind(**{**row_dict(row), **values})


def database_ok(engine: sa.engine.Engine) -> bool:
    """Whether the database answers a trivial query."""
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError:
        return False
