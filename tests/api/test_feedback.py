"""POST /api/feedback: stored durably."""
from api.db import make_engine
from api.feedback import FeedbackStore


def test_feedback_is_stored_and_survives_a_restart(client, db_url):
    response = client.post("/api/feedback", json={"sender_id": "officer-7", "scenario": 4, "helpful": True, "comment": "清楚"})
    assert response.status_code == 201 and response.json()["stored"] is True
    reopened = FeedbackStore(make_engine(db_url)).all()
    assert [(r["sender_id"], r["scenario"], r["helpful"], r["comment"]) for r in reopened] == [("officer-7", 4, True, "清楚")]


def test_feedback_without_scenario_or_comment_is_accepted(client):
    assert client.post("/api/feedback", json={"sender_id": "officer-7", "helpful": False}).status_code == 201


def test_bad_feedback_is_refused_and_nothing_is_stored(client):
    for body in (
        {"sender_id": "a", "helpful": "yes"},
        {"sender_id": "a", "helpful": True, "scenario": 31},
        {"sender_id": "a", "helpful": True, "scenario": "4"},
        {"sender_id": "", "helpful": True},
        {"helpful": True},
    ):
        assert client.post("/api/feedback", json=body).status_code == 422, body
    assert client.app.state.feedback.all() == []
