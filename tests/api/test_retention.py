"""Data kept no longer than needed: rows older than RETENTION_DAYS go, newer ones stay."""

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from api.bridges.state import BridgeState
from api.db import make_engine
from api.feedback import FeedbackStore, feedback_table
from api.retention import prune
from learning.question_log import QuestionLog, question_log


def test_rows_older_than_the_retention_period_are_deleted_everywhere(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'gateway.db'}")
    questions, feedback, bridges = QuestionLog(engine), FeedbackStore(engine), BridgeState(engine)
    questions.record("web", "web-a", "answered", "居民不开门怎么办", scenario=4)
    feedback.add("web-a", helpful=True, scenario=4)
    bridges.claim("wecom", "old-message")
    bridges.offer("wecom", "zhangsan", [{"title": "t", "payload": "/p"}])
    tracker = make_engine(f"sqlite:///{tmp_path / 'rasa.db'}")
    with tracker.begin() as connection:
        connection.execute(sa.text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp FLOAT)"))
        connection.execute(
            sa.text("INSERT INTO events (sender_id, timestamp) VALUES ('old', :old), ('new', :new)"),
            {
                "old": (datetime.now(timezone.utc) - timedelta(days=200)).timestamp(),
                "new": datetime.now(timezone.utc).timestamp(),
            },
        )

    assert prune(engine, days=180, tracker_engine=tracker) == {
        "question_log": 0,
        "feedback": 0,
        "bridge_processed_messages": 0,
        "bridge_offered_options": 0,
        "events": 1,
    }
    with tracker.connect() as connection:
        assert connection.execute(sa.text("SELECT sender_id FROM events")).scalars().all() == ["new"]

    half_a_year_later = datetime.now(timezone.utc) + timedelta(days=181)
    deleted = prune(engine, days=180, tracker_engine=tracker, now=half_a_year_later)
    assert deleted == {
        "question_log": 1,
        "feedback": 1,
        "bridge_processed_messages": 1,
        "bridge_offered_options": 1,
        "events": 1,
    }
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(question_log)).scalar() == 0
        assert connection.execute(sa.select(sa.func.count()).select_from(feedback_table)).scalar() == 0


def test_the_gateway_prunes_at_start(gateway_with, db_url):
    engine = make_engine(db_url)
    QuestionLog(engine)
    with engine.begin() as connection:
        connection.execute(
            question_log.insert().values(
                created_at=datetime.now(timezone.utc) - timedelta(days=400),
                channel="web",
                sender_id="web-a",
                kind="answered",
                text="旧问题",
                candidates="[]",
            )
        )
    gateway = gateway_with(retention_days=180)
    gateway.get("/api/scenarios")
    assert gateway.app.state.questions.rows() == []
