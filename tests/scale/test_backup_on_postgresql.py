"""make backup / make restore with PostgreSQL (pg_dump, pg_restore) for the gateway's database and Rasa's
conversations: a round trip gives back every row after the data is wiped. Run with `make test-scale`."""

import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from api.backup import create_backup, restore_backup
from api.db import make_engine
from api.settings import Settings
from learning.audit import AuditLog, audit_table
from learning.question_log import QuestionLog
from tests.scale.services import postgresql

pytestmark = pytest.mark.scale


def test_a_postgresql_station_is_backed_up_and_restored_whole():
    work = Path(tempfile.mkdtemp(prefix="fengqiao-backup-"))
    work.chmod(0o755)
    with postgresql(work / "pg") as gateway_url:
        tracker_url = gateway_url.rsplit("/", 1)[0] + "/rasa"
        with sa.create_engine(gateway_url, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(sa.text("CREATE DATABASE rasa"))
        engine = make_engine(gateway_url)
        QuestionLog(engine).record("web", "officer-1", "answered", "居民不开门怎么办", scenario=4)
        AuditLog(engine).record("王教官", "assign", subject="question 1")
        tracker = sa.create_engine(tracker_url)
        with tracker.begin() as connection:
            connection.execute(sa.text("CREATE TABLE events (sender_id TEXT, data TEXT)"))
            connection.execute(sa.text("INSERT INTO events VALUES ('officer-1', 'scenario 4')"))
        (work / "fengqiao.tar.gz").write_bytes(b"the live model")
        settings = Settings(
            db_url=gateway_url,
            tracker_db_url=tracker_url,
            model=str(work / "fengqiao.tar.gz"),
            models_dir=str(work / "station"),
            reviewed_nlu_file=str(work / "reviewed.yml"),
        )
        archive = create_backup(settings, work / "backups")

        with engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM question_log"))
            connection.execute(audit_table.delete())
        with tracker.begin() as connection:
            connection.execute(sa.text("DROP TABLE events"))
        restore_backup(archive, settings)

        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT text FROM question_log")).scalars().all() == ["居民不开门怎么办"]
        assert [entry.action for entry in AuditLog(engine).recent(10)] == ["assign"]
        with tracker.connect() as connection:
            assert connection.execute(sa.text("SELECT data FROM events")).scalars().all() == ["scenario 4"]
        engine.dispose()
        tracker.dispose()
