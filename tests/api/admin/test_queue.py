"""The queue of unanswered questions, and teaching them: assign, discard, undo."""

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
import yaml

from guide.conversation_evaluation import read_conversations
from guide.evaluation import read_scenario_questions
from guide.lookup_evaluation import read_lookup_questions
from guide.nlu_data import read_nlu_examples
from guide.paths import ROOT
from learning.question_log import question_log
from learning.reviewed_examples import comparable
from learning.teaching import kept_out_texts

DOG = "居民家的狗很凶，我不敢进门"
PLATE = "帮我查一个车牌号"


def candidates(*pairs):
    return [{"intent": f"scenario_{n:02d}", "scenario": n, "confidence": c} for n, c in pairs]


def log(
    client,
    text,
    kind="fallback",
    sender="web-1",
    channel="web",
    ranking=((4, 0.41), (17, 0.2), (5, 0.1)),
    scenario=None,
):
    client.app.state.questions.record(channel, sender, kind, text, scenario=scenario, candidates=candidates(*ranking))


def queue(client, **params):
    response = client.get("/api/admin/queue", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def entries(body):
    return [entry["question"] for group in body["groups"] for entry in group["entries"]]


def reviewed(client):
    path = client.app.state.admin_console.teaching.reviewed.path
    return yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"] if path.exists() else None


@pytest.fixture
def logged(signed_in):
    log(signed_in, DOG, sender="web-1")
    log(signed_in, DOG + " ", sender="web-2")  # the same question, typed again by another officer
    log(signed_in, "居民家的狗很凶，我不敢进去", sender="web-3", channel="wecom")
    log(signed_in, DOG, kind="unhelpful", sender="web-1", ranking=(), scenario=4)
    log(signed_in, PLATE, kind="out_of_scope", sender="telegram-9", channel="telegram", ranking=())
    log(signed_in, "/scenario_04", sender="web-1")  # a button press, never a question to teach
    log(signed_in, "居民不开门怎么办", kind="answered", sender="web-1")
    return signed_in


def test_questions_are_grouped_by_closest_scenario_most_asked_first_with_who_when_and_where(logged):
    body = queue(logged)
    assert [group["scenario"] for group in body["groups"]] == [4, None]
    assert body["groups"][0]["title"] == "居民不愿开门"
    first = body["groups"][0]["entries"][0]
    assert first["question"] == DOG
    assert (first["asked"], first["conversations"], first["similar_conversations"]) == (3, 2, 3)
    assert first["kinds"] == {"fallback": 2, "unhelpful": 1}
    assert [c["scenario"] for c in first["candidates"]] == [4, 17, 5]
    assert entries(body) == [DOG, "居民家的狗很凶，我不敢进去", PLATE]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"channel": "telegram"}, [PLATE]),
        ({"kind": "out_of_scope"}, [PLATE]),
        ({"q": "进去"}, ["居民家的狗很凶，我不敢进去"]),
    ],
)
def test_the_queue_filters_by_channel_kind_and_words(logged, params, expected):
    assert entries(queue(logged, **params)) == expected


def test_the_queue_filters_by_period(logged):
    with logged.app.state.engine.begin() as connection:
        connection.execute(
            question_log.update()
            .where(question_log.c.text == PLATE)
            .values(created_at=datetime.now(timezone.utc) - timedelta(days=40))
        )
    assert PLATE not in entries(queue(logged))
    assert PLATE in entries(queue(logged, days=60))


def test_a_date_range_means_the_station_s_calendar_days(logged):
    # 20:00 UTC on 10 October is 04:00 on 11 October in Beijing (STATION_TIMEZONE's default)
    with logged.app.state.engine.begin() as connection:
        connection.execute(
            question_log.update()
            .where(question_log.c.text == PLATE)
            .values(created_at=datetime(2026, 10, 10, 20, 0, tzinfo=timezone.utc))
        )
    assert entries(queue(logged, **{"from": "2026-10-11", "to": "2026-10-11"})) == [PLATE]
    assert entries(queue(logged, **{"from": "2026-10-10", "to": "2026-10-10"})) == []
    assert logged.get("/api/admin/queue", params={"from": "2026-02-30"}).status_code == 422


def test_assigning_writes_one_example_to_the_reviewed_file_and_takes_the_question_off_the_queue(logged):
    response = logged.post("/api/admin/decisions", json={"question": DOG, "decision": "scenario", "scenario": 4})
    assert response.status_code == 201
    assert reviewed(logged) == [{"intent": "scenario_04", "examples": f"- {DOG}\n"}]
    assert DOG not in entries(queue(logged))
    logged.post("/api/admin/decisions", json={"question": PLATE, "decision": "out_of_scope"})
    assert [item["intent"] for item in reviewed(logged)] == ["out_of_scope", "scenario_04"]


def test_undo_removes_the_example_and_brings_the_question_back(logged):
    made = logged.post("/api/admin/decisions", json={"question": DOG, "decision": "scenario", "scenario": 4}).json()
    assert logged.post(f"/api/admin/decisions/{made['id']}/undo", json={}).status_code == 200
    assert reviewed(logged) == []
    assert DOG in entries(queue(logged))
    assert logged.post(f"/api/admin/decisions/{made['id']}/undo", json={}).status_code == 409


def test_discarding_leaves_the_training_data_alone(logged):
    assert logged.post("/api/admin/decisions", json={"question": PLATE, "decision": "discard"}).status_code == 201
    assert reviewed(logged) is None
    assert PLATE not in entries(queue(logged))


def test_an_existing_training_example_is_never_added_twice(logged):
    evaluation = kept_out_texts()
    text, intent = next(
        pair for pair in zip(*read_nlu_examples()) if pair[1] == "scenario_09" and comparable(pair[0]) not in evaluation
    )
    response = logged.post("/api/admin/decisions", json={"question": text, "decision": "scenario", "scenario": 4})
    assert response.status_code == 409
    assert intent in response.json()["message"]
    assert reviewed(logged) is None


def evaluation_questions():
    data = ROOT / "tests/data"
    yield read_scenario_questions(data / "blind_test.tsv")[0].text  # gates no promotion
    yield read_scenario_questions(data / "real_final6.tsv")[0].text  # a real-situation set
    yield read_lookup_questions(data / "lookup_final3.tsv")[0].question  # a look-up set
    yield read_conversations(data / "conversations_final4.yml")[0].turns[1].text  # a follow-up


@pytest.mark.parametrize("question", list(evaluation_questions()))
def test_a_question_of_any_evaluation_set_never_becomes_a_training_example(logged, question):
    response = logged.post("/api/admin/decisions", json={"question": question, "decision": "out_of_scope"})
    assert response.status_code == 409
    assert "评测集" in response.json()["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"question": DOG, "decision": "scenario"},
        {"question": DOG, "decision": "scenario", "scenario": 99},
        {"question": DOG, "decision": "out_of_scope", "scenario": 4},
        {"question": DOG, "decision": "delete"},
        {"question": "   ", "decision": "discard"},
    ],
)
def test_a_malformed_decision_is_refused_with_a_clear_error(logged, body):
    response = logged.post("/api/admin/decisions", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


def test_every_decision_is_in_the_audit_trail_with_who_made_it(logged):
    made = logged.post("/api/admin/decisions", json={"question": DOG, "decision": "scenario", "scenario": 4}).json()
    logged.post(f"/api/admin/decisions/{made['id']}/undo", json={})
    trail = logged.get("/api/admin/audit").json()["entries"]
    assert [(e["actor"], e["action"], e["subject"]) for e in trail[:2]] == [
        ("张警官", "undo", DOG),
        ("张警官", "assign", DOG),
    ]
    assert trail[1]["detail"]["intent"] == "scenario_04"


def test_decisions_are_kept_in_the_database(logged):
    logged.post("/api/admin/decisions", json={"question": PLATE, "decision": "discard"})
    with logged.app.state.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT actor, question, decision FROM teaching_decisions")).all()
    assert [tuple(row) for row in rows] == [("张警官", PLATE, "discard")]


def test_a_question_with_a_control_character_is_refused_before_it_reaches_the_file(logged):
    response = logged.post("/api/admin/decisions", json={"question": "狗很凶\x9a不敢进门", "decision": "out_of_scope"})
    assert response.status_code == 422
    assert reviewed(logged) is None


@pytest.mark.parametrize(
    "question", ["[紧急](urgency)怎么办", '[紧急]{"entity": "urgency"}怎么办', "[紧急][求助]怎么办"]
)
def test_rasa_annotation_syntax_is_refused_because_it_would_train_another_sentence(logged, question):
    response = logged.post("/api/admin/decisions", json={"question": question, "decision": "out_of_scope"})
    assert response.status_code == 422
    assert reviewed(logged) is None


def test_a_question_that_cannot_be_written_leaves_no_decision_behind(logged):
    logged.post("/api/admin/decisions", json={"question": DOG, "decision": "scenario", "scenario": 4})
    response = logged.post("/api/admin/decisions", json={"question": DOG + "？", "decision": "scenario", "scenario": 5})
    assert response.status_code == 409  # the same example with other punctuation
    assert [d["question"] for d in logged.get("/api/admin/decisions").json()["decisions"]] == [DOG]


def test_undo_says_when_the_example_had_already_left_the_reviewed_file(logged):
    made = logged.post("/api/admin/decisions", json={"question": DOG, "decision": "scenario", "scenario": 4}).json()
    path = logged.app.state.admin_console.teaching.reviewed.path
    path.write_text('version: "3.1"\nnlu: []\n', encoding="utf-8")  # a developer moved it elsewhere
    undone = logged.post(f"/api/admin/decisions/{made['id']}/undo", json={}).json()
    assert undone["example_removed"] is False
    assert DOG in entries(queue(logged))


def test_possible_emergencies_come_first_in_a_group_of_their_own_never_among_the_declined(logged):
    log(logged, "屋里有煤气味没人应", kind="emergency", ranking=((4, 0.6),))
    log(logged, "嫌疑人拒绝签笔录怎么办", kind="police_procedure", ranking=((8, 0.1),))
    groups = queue(logged)["groups"]
    assert groups[0]["boundary"] == "emergency" and groups[0]["scenario"] is None
    assert [entry["question"] for entry in groups[0]["entries"]] == ["屋里有煤气味没人应"]
    assert all(group["boundary"] is None for group in groups[1:])
    assert "嫌疑人拒绝签笔录怎么办" in entries(queue(logged, kind="police_procedure"))


def test_a_scenario_number_that_is_not_a_whole_number_is_refused(logged):
    response = logged.post("/api/admin/decisions", json={"question": PLATE, "decision": "scenario", "scenario": 6.1})
    assert response.status_code == 422
    assert reviewed(logged) is None
