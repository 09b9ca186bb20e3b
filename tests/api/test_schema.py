"""The database schema is versioned (Alembic): a new database is created at the latest revision, one
that is behind is refused with a message naming `make migrate`, and `make migrate` brings it up keeping
its data."""

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from alembic import command

from api import schema
from api.db import make_engine
from api.schema import SchemaBehind, ensure_schema, head_revision, migrate, schema_state
from learning.question_log import QuestionLog


def at_revision(url: str, revision: str, keep_version: bool = True) -> sa.engine.Engine:
    """A database at ``revision`` holding one logged question; without its version table when it
    stands for a database made before migrations existed."""
    engine = make_engine(url)
    with engine.begin() as connection:
        command.upgrade(schema._config(connection), revision)
        connection.execute(
            sa.text(
                "INSERT INTO question_log (created_at, channel, sender_id, kind, text, candidates) "
                "VALUES (:at, 'web', 'officer-1', 'answered', '居民不开门怎么办', '[]')"
            ),
            {"at": datetime.now(timezone.utc)},
        )
        if not keep_version:
            connection.execute(sa.text("DROP TABLE alembic_version"))
    return make_engine(url)  # a fresh engine: what a restarted gateway opens


def indexes(engine: sa.engine.Engine, table: str) -> set:
    return {index["name"] for index in sa.inspect(engine).get_indexes(table)}


def test_a_new_database_is_created_at_the_latest_revision(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    QuestionLog(engine)
    state = schema_state(engine)
    assert state.revision == head_revision() == "0002_question_log_sender"
    assert state.tables == schema.BASELINE_TABLES
    assert "ix_question_log_sender" in indexes(engine, "question_log")


def test_a_database_made_before_migrations_is_refused_then_migrated_with_its_data(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'station.db'}"
    engine = at_revision(url, schema.BASELINE, keep_version=False)
    with pytest.raises(SchemaBehind, match="make migrate"):
        QuestionLog(engine)
    assert schema.main([url]) == 0
    assert "Migrated to 0002_question_log_sender" in capsys.readouterr().out
    engine = make_engine(url)
    assert QuestionLog(engine).rows()[0].text == "居民不开门怎么办"
    assert "ix_question_log_sender" in indexes(engine, "question_log")
    assert schema.main([url]) == 0 and "up to date" in capsys.readouterr().out


def test_a_database_at_an_older_revision_is_refused_until_migrated(tmp_path):
    url = f"sqlite:///{tmp_path / 'older.db'}"
    engine = at_revision(url, schema.BASELINE)
    with pytest.raises(SchemaBehind, match="revision 0001_baseline"):
        ensure_schema(engine)
    assert migrate(engine) == ["0002_question_log_sender"]
    ensure_schema(engine)
    assert len(QuestionLog(engine).rows()) == 1


def test_a_database_holding_only_some_of_the_tables_is_not_taken_for_the_gateways(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'foreign.db'}")
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE feedback (id INTEGER PRIMARY KEY)"))
    with pytest.raises(SchemaBehind, match="not made by this gateway"):
        migrate(engine)


def test_a_database_another_process_created_meanwhile_is_no_error(tmp_path, monkeypatch):
    engine = make_engine(f"sqlite:///{tmp_path / 'race.db'}")
    real_migrate, calls = schema.migrate, []

    def raced(bind):  # the other gateway process wins the race the first time
        calls.append(1)
        real_migrate(bind)
        if len(calls) == 1:
            raise sa.exc.OperationalError("CREATE TABLE feedback", {}, Exception("table feedback already exists"))

    monkeypatch.setattr(schema, "migrate", raced)
    ensure_schema(engine)
    assert len(calls) == 1 and schema_state(engine).current


def test_the_gateway_does_not_start_on_a_database_that_is_behind(tmp_path):
    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import Settings

    url = f"sqlite:///{tmp_path / 'behind.db'}"
    at_revision(url, schema.BASELINE)
    with pytest.raises(SchemaBehind, match="make migrate"), TestClient(create_app(Settings(db_url=url))):
        pass


def test_the_migrations_make_exactly_the_tables_of_api_tables(tmp_path):
    """A change to api/tables.py without its migration fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from api.tables import metadata

    engine = make_engine(f"sqlite:///{tmp_path / 'head.db'}")
    ensure_schema(engine)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
