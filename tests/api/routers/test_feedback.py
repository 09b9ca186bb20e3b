"""The feedback router with the stand-in bot (fast tier): stored for the caller's own conversation.
tests/api/test_feedback.py does the same in front of the real bot."""

from api.db import make_engine
from api.feedback import FeedbackStore
from guide.scenarios import field_guide


def test_feedback_is_stored_and_survives_a_restart(stand_in_client, db_url):
    response = stand_in_client.post("/api/feedback", json={"scenario": 4, "helpful": True, "comment": "清楚"})
    assert response.status_code == 201 and response.json()["stored"] is True
    reopened = FeedbackStore(make_engine(db_url)).all()
    assert [(r["scenario"], r["helpful"], r["comment"]) for r in reopened] == [(4, True, "清楚")]


def test_feedback_is_filed_under_the_callers_conversation_whatever_the_body_names(stand_in_client, stand_in):
    stand_in_client.post("/api/chat", json={"message": "你好"})
    stand_in_client.post("/api/feedback", json={"sender_id": "wecom-zhangsan", "helpful": False})
    ((conversation, _),) = stand_in.sent()
    assert [r["sender_id"] for r in stand_in_client.app.state.feedback.all()] == [conversation]


def test_bad_feedback_is_refused_and_nothing_is_stored(stand_in_client):
    for body in (
        {"helpful": "yes"},
        {"helpful": True, "scenario": max(field_guide().scenarios) + 1},
        {"helpful": True, "comment": "a\x00b"},
        {"scenario": 4},
    ):
        assert stand_in_client.post("/api/feedback", json=body).status_code == 422, body
    assert stand_in_client.app.state.feedback.all() == []
