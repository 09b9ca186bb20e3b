"""`make review` and `make export-unanswered` over a question log."""

import pytest
import yaml

from api.db import make_engine
from guide.conversation_evaluation import read_conversations
from guide.evaluation import read_scenario_questions
from guide.lookup_evaluation import read_lookup_questions
from guide.nlu_data import examples_of
from guide.paths import ROOT
from learning.question_log import QuestionLog
from learning.queue import Decision, TeachingDecisions
from scripts.review_unanswered import export_yaml, main, review_lines, unanswered_queue


def queue_of(log):
    return unanswered_queue(log.engine)


def filled_log(tmp_path):
    log = QuestionLog(make_engine(f"sqlite:///{tmp_path / 'log.db'}"))
    near_4 = [
        {"intent": "scenario_04", "scenario": 4, "confidence": 0.31},
        {"intent": "scenario_05", "scenario": 5, "confidence": 0.2},
    ]
    log.record("web", "a", "fallback", "敲门半天没人应", candidates=near_4)
    log.record("wecom", "b", "fallback", "敲门半天没人应", candidates=near_4)
    log.record(
        "web",
        "c",
        "out_of_scope",
        "明天开会穿什么",
        candidates=[{"intent": "out_of_scope", "scenario": None, "confidence": 0.9}],
    )
    log.record("web", "d", "unhelpful", "群众嫌我们回复慢", scenario=2)
    log.record("web", "e", "answered", "居民不开门怎么办", scenario=4)
    return log


def test_review_groups_unanswered_questions_by_closest_scenario(tmp_path):
    lines = review_lines(queue_of(filled_log(tmp_path)))
    text = "\n".join(lines)
    assert lines[0] == "3 questions not dealt with, asked 4 times"
    assert (
        text.index("== 第4问 居民不愿开门 (2)")
        < text.index("== 第2问 及时回应群众需求 (1)")
        < text.index("== 无相近场景 (1)")
    )
    assert "居民不开门怎么办" not in text  # answered questions are not listed
    assert "×2 [web,wecom] 不确定  敲门半天没人应   (scenario_04 0.31, scenario_05 0.20)" in text


def test_the_export_is_rasa_nlu_yaml_with_each_question_once_under_its_closest_intent(tmp_path):
    exported = yaml.safe_load(export_yaml(queue_of(filled_log(tmp_path)))[0])
    by_intent = {item["intent"]: item["examples"].split("\n") for item in exported["nlu"]}
    assert by_intent["scenario_04"][0] == "- 敲门半天没人应" and len([e for e in by_intent["scenario_04"] if e]) == 1
    assert "- 群众嫌我们回复慢" in by_intent["scenario_02"]
    assert "- 明天开会穿什么" in by_intent["out_of_scope"]


def test_questions_already_in_the_training_data_are_not_exported(tmp_path):
    log = QuestionLog(make_engine(f"sqlite:///{tmp_path / 'log.db'}"))
    log.record(
        "web",
        "a",
        "fallback",
        "居民不开门怎么办",
        candidates=[{"intent": "scenario_04", "scenario": 4, "confidence": 0.3}],
    )
    log.record(
        "web",
        "b",
        "fallback",
        "居民不开门怎么办？ ",
        candidates=[{"intent": "scenario_04", "scenario": 4, "confidence": 0.3}],
    )
    assert yaml.safe_load(export_yaml(queue_of(log))[0])["nlu"] == []


def test_entity_markup_and_control_characters_are_left_out_and_named_not_written(tmp_path):
    log = QuestionLog(make_engine(f"sqlite:///{tmp_path / 'log.db'}"))
    near_4 = [{"intent": "scenario_04", "scenario": 4, "confidence": 0.3}]
    log.record("web", "a", "fallback", "[幸福路](location)的居民不开门", candidates=near_4)
    log.record("web", "b", "fallback", "敲门\u0007没人应", candidates=near_4)
    log.record("web", "c", "fallback", "敲门半天没人应", candidates=near_4)
    text, left_out = export_yaml(queue_of(log))
    assert left_out == ["[幸福路](location)的居民不开门", "敲门\u0007没人应"]
    written = tmp_path / "out.yml"
    written.write_text(text, encoding="utf-8")
    assert examples_of(written) == [("敲门半天没人应", "scenario_04")]


def test_the_commands_read_the_database_and_write_the_file(tmp_path, capsys):
    filled_log(tmp_path)
    db_url = f"sqlite:///{tmp_path / 'log.db'}"
    assert main(["review", "--db-url", db_url]) == 0
    assert "3 questions not dealt with" in capsys.readouterr().out
    out = tmp_path / "candidates.yml"
    assert main(["export", "--db-url", db_url, "--out", str(out)]) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["version"] == "3.1"


def test_an_empty_log_says_so(tmp_path):
    assert review_lines([]) == ["没有待处理的问题。 (nothing unanswered)"]


def test_the_review_is_the_consoles_queue_a_decided_question_is_gone_and_emergencies_come_first(tmp_path):
    log = filled_log(tmp_path)
    log.record("web", "f", "emergency", "楼顶有人要跳", candidates=[])
    TeachingDecisions(log.engine).record("张警官", "明天开会穿什么", Decision.DISCARD, None)
    text = "\n".join(review_lines(queue_of(log)))
    assert "明天开会穿什么" not in text
    assert text.index("== 可能的紧急情况 (1)") < text.index("== 第4问")
    exported = yaml.safe_load(export_yaml(queue_of(log))[0])
    assert {item["intent"]: item["examples"] for item in exported["nlu"]}["emergency"] == "- 楼顶有人要跳\n"


@pytest.mark.parametrize(
    "question",
    [
        read_scenario_questions(ROOT / "tests/data/real_final6.tsv")[0].text,
        read_lookup_questions(ROOT / "tests/data/lookup_final3.tsv")[0].question,
        read_conversations(ROOT / "tests/data/conversations_final4.yml")[0].turns[1].text,
    ],
)
def test_a_question_of_an_evaluation_set_is_never_exported(tmp_path, question):
    log = QuestionLog(make_engine(f"sqlite:///{tmp_path / 'log.db'}"))
    log.record("web", "a", "fallback", question, candidates=[{"intent": "scenario_04", "scenario": 4}])
    assert yaml.safe_load(export_yaml(queue_of(log))[0])["nlu"] == []
