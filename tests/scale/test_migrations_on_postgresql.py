"""make migrate on PostgreSQL: a station database made before migrations existed, with data in it, is
refused by the stores, then brought to the latest revision with its data; the result matches the tables
of api/tables.py exactly. Run with `make test-scale`."""

import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from api import schema
from api.db import make_engine
from api.schema import SchemaBehind, schema_state
from api.tables import metadata
from learning.question_log import QuestionLog
from tests.api.test_schema import at_revision, indexes
from tests.scale.services import postgresql

pytestmark = pytest.mark.scale


def test_a_postgresql_station_database_is_migrated_with_its_data():
    work = Path(tempfile.mkdtemp(prefix="fengqiao-migrate-"))
    work.chmod(0o755)
    with postgresql(work / "pg") as url:
        engine = at_revision(url, schema.BASELINE, keep_version=False)
        with pytest.raises(SchemaBehind, match="make migrate"):
            QuestionLog(engine)
        assert schema.main([url]) == 0
        engine = make_engine(url)
        assert schema_state(engine).current
        assert QuestionLog(engine).rows()[0].text == "居民不开门怎么办"
        assert "ix_question_log_sender" in indexes(engine, "question_log")
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), metadata) == []
        with engine.begin() as connection:  # the one-running-run rule survived the migration
            insert = sa.text(
                "INSERT INTO training_runs (started_at, started_by, state, stage, stage_started_at, "
                "heartbeat_at, message, durations) VALUES (now(), 'a', 'running', 'training', now(), "
                "now(), '', '{}')"
            )
            connection.execute(insert)
            with pytest.raises(sa.exc.IntegrityError), connection.begin_nested():
                connection.execute(insert)
        engine.dispose()
