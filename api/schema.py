"""The gateway database's schema, versioned with Alembic (``api/migrations``; the tables in
``api/tables.py``).

A new, empty database is created at the latest revision by the first store that opens it. A database
that is behind (an older revision, or one made before migrations existed) is never used as it is: the
stores refuse it with a message naming ``make migrate``, so the gateway does not start, and
``make migrate`` (``python -m api.schema``) brings it up to date, keeping its data.

Usage: python -m api.schema [DB_URL]   (default: the DB_URL setting)
"""

from __future__ import annotations

import sys
import threading
import time
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Optional

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from api.db import make_engine
from api.tables import metadata

MIGRATIONS = Path(__file__).parent / "migrations"
BASELINE = "0001_baseline"
# The tables the stores made for themselves before migrations existed: the baseline revision's tables.
BASELINE_TABLES = frozenset(
    {
        "admin_audit",
        "admin_sessions",
        "bridge_offered_options",
        "bridge_processed_messages",
        "feedback",
        "live_model_changes",
        "question_log",
        "revoked_conversations",
        "teaching_decisions",
        "training_runs",
    }
)
NEW_DATABASE_ATTEMPTS = 6  # gateway processes starting together on a new database race to create it
VERSION_TABLE = "alembic_version"


_ALEMBIC = threading.Lock()  # Alembic's migration context is one per process: one migration at a time


class SchemaBehind(RuntimeError):
    """The database is older than this code: ``make migrate`` brings it up to date."""


def _config(connection: Optional[sa.engine.Connection] = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The latest revision of ``api/migrations``."""
    return str(ScriptDirectory.from_config(_config()).get_current_head())


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands: its recorded revision and which of the gateway's tables it holds."""

    revision: Optional[str]
    tables: frozenset
    versioned: bool = False  # Alembic's version table exists (possibly still empty)

    @property
    def new(self) -> bool:
        return self.revision is None and not self.tables and not self.versioned

    @property
    def being_created(self) -> bool:
        """Another process is creating it: the version table is there, its first revision not yet
        recorded, or some of the tables are (SQLite creates them one by one, visibly)."""
        return self.revision is None and (self.versioned or 0 < len(self.tables) < len(BASELINE_TABLES))

    @property
    def current(self) -> bool:
        return self.revision == head_revision()

    def explanation(self) -> str:
        """Why the gateway will not use this database, and what to do."""
        found = f"revision {self.revision}" if self.revision else "tables made before migrations existed"
        return (
            f"The gateway's database is behind this code ({found}; the code needs {head_revision()}). "
            f"Stop the services, back up (make backup), then run `make migrate`. "
            f"数据库结构落后于当前版本：请停止服务、先备份（make backup），再运行 make migrate。"
        )


def schema_state(engine: sa.engine.Engine) -> SchemaState:
    """The database's recorded revision and the gateway tables it holds."""
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        names = frozenset(sa.inspect(connection).get_table_names())
    return SchemaState(revision, names & frozenset(metadata.tables), VERSION_TABLE in names)


def migrate(engine: sa.engine.Engine) -> List[str]:
    """Bring the database to the latest revision, keeping its data; the revisions it went through. A
    database made before migrations existed is recorded as the baseline first (it holds exactly its
    tables); one holding only some of them is refused: it was not made by this gateway."""
    state = schema_state(engine)
    if state.revision is None and state.tables:
        missing = BASELINE_TABLES - state.tables
        if missing:
            raise SchemaBehind(
                f"The database holds some of the gateway's tables but not {sorted(missing)}: "
                "it was not made by this gateway. Restore it from a backup (make restore)."
            )
    script = ScriptDirectory.from_config(_config())
    with _ALEMBIC, engine.begin() as connection:
        config = _config(connection)
        if state.revision is None and state.tables:
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")
    start = state.revision or (BASELINE if state.tables else None)
    in_order = [revision.revision for revision in reversed(list(script.walk_revisions()))]
    return in_order[in_order.index(start) + 1 :] if start in in_order else in_order


_ready: "weakref.WeakSet[sa.engine.Engine]" = weakref.WeakSet()


def ensure_schema(engine: sa.engine.Engine) -> None:
    """Make sure the stores may use the database: a new one is created at the latest revision, a current
    one is used as it is, one that is behind raises :class:`SchemaBehind` naming ``make migrate``."""
    if engine in _ready:
        return
    for attempt in range(NEW_DATABASE_ATTEMPTS):
        state = schema_state(engine)
        if state.current:
            _ready.add(engine)
            return
        if not state.new and not state.being_created:
            raise SchemaBehind(state.explanation())
        if state.new:
            try:
                migrate(engine)
                continue  # look again: created here, or by a process that was quicker
            except (sa.exc.DBAPIError, SchemaBehind):
                pass  # another process is creating it: wait for it
        time.sleep(0.2 * (attempt + 1))
    raise SchemaBehind(schema_state(engine).explanation())


def main(argv: Optional[List[str]] = None) -> int:
    """``make migrate``: bring DB_URL (or the URL given) to the latest revision."""
    args = sys.argv[1:] if argv is None else argv
    if args:
        url = args[0]
    else:
        from api.settings import settings_from_environment

        url = settings_from_environment().db_url
    engine = make_engine(url)
    try:
        before = schema_state(engine)
        if before.current:
            print(f"The database is up to date ({before.revision}).")
            return 0
        applied = migrate(engine)
        print(f"Migrated to {head_revision()}: {', '.join(applied) or 'recorded as the baseline'}.")
        return 0
    except SchemaBehind as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
