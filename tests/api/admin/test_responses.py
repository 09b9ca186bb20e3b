"""Every admin route (and /api/stats) says what it answers: a response model in the OpenAPI document,
and the answers the console reads conform to it."""

from __future__ import annotations

from fastapi.testclient import TestClient


def admin_operations(client: TestClient):
    for path, operations in client.app.openapi()["paths"].items():
        if path.startswith(("/api/admin", "/api/stats")):
            for method, operation in operations.items():
                yield f"{method.upper()} {path}", operation


def test_every_admin_route_documents_the_schema_of_its_answer(signed_in):
    operations = dict(admin_operations(signed_in))
    assert len(operations) >= 13
    undocumented = [
        name
        for name, operation in operations.items()
        for status, response in operation["responses"].items()
        if status.startswith("2")
        and "$ref" not in response.get("content", {}).get("application/json", {}).get("schema", {})
    ]
    assert undocumented == []


def test_the_queue_answers_typed_entries_with_titles_of_the_scenarios(signed_in):
    signed_in.post("/api/chat", json={"message": "走访中遇到的事情"})
    body = signed_in.get("/api/admin/queue").json()
    assert body["questions"] == 1 and set(body["kinds"]) >= {"fallback", "out_of_scope"}
    entry = body["groups"][0]["entries"][0]
    assert entry["question"] == "走访中遇到的事情" and entry["asked"] == 1 and entry["conversations"] == 1
    assert {"first_asked", "last_asked", "similar_conversations", "channels", "kinds"} <= set(entry)
    titled = [candidate for candidate in entry["candidates"] if candidate["scenario"] is not None]
    assert titled and all(candidate["title"] for candidate in titled)


def test_a_decision_and_its_undo_answer_the_decision_with_its_scenario(signed_in):
    decided = signed_in.post(
        "/api/admin/decisions", json={"question": "门口有人一直不开门", "decision": "scenario", "scenario": 4}
    )
    assert decided.status_code == 201, decided.text
    assert (decided.json()["intent"], decided.json()["scenario"], decided.json()["undone_at"]) == (
        "scenario_04",
        4,
        None,
    )
    listed = signed_in.get("/api/admin/decisions").json()
    assert [item["question"] for item in listed["decisions"]] == ["门口有人一直不开门"]
    assert listed["reviewed_examples"] == 1 and listed["reviewed_file"].endswith("reviewed.yml")
    undone = signed_in.post(f"/api/admin/decisions/{decided.json()['id']}/undo", json={}).json()
    assert (undone["undone_by"], undone["example_removed"], undone["scenario"]) == ("张警官", True, 4)


def test_the_training_page_charts_audit_and_stats_answer_their_documented_fields(signed_in):
    training = signed_in.get("/api/admin/training").json()
    assert training["runs"] == [] and training["live"]["run_id"] is None
    assert [figure["key"] for figure in training["figures"]][:1] == ["top1"] and training["next_step"]
    charts = signed_in.get("/api/admin/charts", params={"days": 3}).json()
    assert len(charts["days"]) == 3 and set(charts["feedback"]) == {"helpful", "not_helpful", "share_helpful"}
    assert signed_in.get("/api/admin/audit").json()["entries"][0]["action"] == "sign_in"
    stats = signed_in.get("/api/stats", params={"days": 2}).json()
    assert stats["days"] == 2 and {"per_day", "top_scenarios", "top_unanswered"} <= set(stats)
