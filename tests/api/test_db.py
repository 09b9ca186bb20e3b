"""The gateway's SQLite database: WAL, so readers never block the writer, and a busy timeout, so a
second writer waits instead of failing with "database is locked"."""

import threading
import time

import sqlalchemy as sa

from api.db import database_ok, make_engine


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'gateway.db'}")
    with engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(sa.text("PRAGMA busy_timeout")).scalar() >= 1000


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path):
    url = f"sqlite:///{tmp_path / 'gateway.db'}"
    first, second = make_engine(url), make_engine(url)
    with first.begin() as connection:
        connection.execute(sa.text("CREATE TABLE t (x INTEGER)"))
    locked = threading.Event()

    def hold_the_write_lock():
        with first.begin() as connection:
            connection.execute(sa.text("INSERT INTO t VALUES (1)"))
            locked.set()
            time.sleep(0.5)

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    locked.wait()
    with second.begin() as connection:  # without a busy timeout: "database is locked" at once
        connection.execute(sa.text("INSERT INTO t VALUES (2)"))
    holder.join()
    with second.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM t")).scalar() == 2


def test_an_unreachable_database_is_reported_not_raised(tmp_path):
    (tmp_path / "folder").mkdir()
    assert database_ok(make_engine(f"sqlite:///{tmp_path / 'folder'}")) is False
    assert database_ok(make_engine(f"sqlite:///{tmp_path / 'file.db'}")) is True


def test_a_sqlite_files_connections_are_reused(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'gateway.db'}")
    opened = []
    sa.event.listen(engine, "connect", lambda *_: opened.append(1))
    for _ in range(5):
        with engine.begin() as connection:
            connection.execute(sa.text("SELECT 1"))
    assert len(opened) == 1


def test_gateway_processes_starting_together_on_a_new_database_all_start(tmp_path):
    import threading

    from api.db import make_engine
    from api.feedback import FeedbackStore
    from learning.question_log import QuestionLog

    url, failures = f"sqlite:///{tmp_path / 'new.db'}", []

    def start() -> None:
        try:
            engine = make_engine(url)
            FeedbackStore(engine)
            QuestionLog(engine)
            engine.dispose()
        except Exception as error:  # any failure is the finding
            failures.append(error)

    starting = [threading.Thread(target=start) for _ in range(6)]
    for thread in starting:
        thread.start()
    for thread in starting:
        thread.join()
    assert failures == []
