"""The feedback router: stored durably, for the caller's own conversation, whatever the body names. Each
test runs against the stand-in (fast tier) and the real bot (e2e tier)."""

from api.db import make_engine
from api.feedback import FeedbackStore
from guide.scenarios import field_guide
from tests.conftest import conversation_of


def test_feedback_is_stored_and_survives_a_restart(gateway, db_url):
    response = gateway.post("/api/feedback", json={"scenario": 4, "helpful": True, "comment": "清楚"})
    assert response.status_code == 201 and response.json()["stored"] is True
    reopened = FeedbackStore(make_engine(db_url)).all()
    assert [(r["scenario"], r["helpful"], r["comment"]) for r in reopened] == [(4, True, "清楚")]


def test_feedback_is_filed_under_the_callers_conversation_whatever_sender_id_the_body_names(gateway):
    gateway.post("/api/chat", json={"message": "你好"})
    gateway.post("/api/feedback", json={"sender_id": "wecom-zhangsan", "helpful": False})
    assert [r["sender_id"] for r in gateway.app.state.feedback.all()] == [conversation_of(gateway)]


def test_feedback_without_scenario_or_comment_is_accepted(gateway):
    assert gateway.post("/api/feedback", json={"helpful": False}).status_code == 201
    assert gateway.post("/api/feedback", json={"helpful": False, "scenario": None, "comment": None}).status_code == 201


def test_bad_feedback_is_refused_and_nothing_is_stored(gateway):
    for body in (
        {"helpful": "yes"},
        {"helpful": True, "scenario": max(field_guide().scenarios) + 1},
        {"helpful": True, "scenario": "4"},
        {"helpful": True, "comment": "a\x00b"},
        {"scenario": 4},
        [["helpful", True]],
    ):
        assert gateway.post("/api/feedback", json=body).status_code == 422, body
    assert gateway.app.state.feedback.all() == []
