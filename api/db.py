"""The gateway's SQL database (DB_URL): one engine and one metadata for its tables."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

metadata = sa.MetaData()


def make_engine(db_url: str) -> sa.engine.Engine:
    """An engine for ``db_url``; a SQLite file's folder is created if missing."""
    url = sa.engine.make_url(db_url)
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    return sa.create_engine(db_url, future=True, pool_pre_ping=True)
