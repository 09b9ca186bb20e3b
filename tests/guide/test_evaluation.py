"""Scoring question sets by style, coverage at thresholds, and the policy basis against a judged set."""

import pytest

from guide.evaluation import (
    LabelledQuestion,
    PolicyJudgements,
    Prediction,
    QuestionFileError,
    ScenarioJudgement,
    SecondReading,
    coverage_lines,
    read_scenario_questions,
    score_judged_questions,
    score_policy_basis,
    score_scenarios,
)
from guide.passages import Passage
from guide.search import Hit


def write(tmp_path, text):
    path = tmp_path / "questions.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_question_files_have_an_optional_style_column(tmp_path):
    path = write(tmp_path, "# comment\n4\tshort\t不开门咋整\n0\t今天天气\n11\t邻居吵架\n")
    assert read_scenario_questions(path) == [
        LabelledQuestion(4, "short", "不开门咋整"),
        LabelledQuestion(0, "oos", "今天天气"),
        LabelledQuestion(11, "-", "邻居吵架"),
    ]


@pytest.mark.parametrize("line", ["99\tshort\t问题", "x\t问题", "4\t\t问题", "4 没有制表符"])
def test_a_malformed_line_is_refused(tmp_path, line):
    with pytest.raises(QuestionFileError):
        read_scenario_questions(write(tmp_path, line + "\n"))


def test_a_second_reading_beside_a_set_travels_with_its_in_scope_questions(tmp_path):
    path = write(tmp_path, "11\tscene\t两家在楼道吵\n0\t今天天气\n4\tshort\t不开门咋整\n")
    path.with_name("questions.judged.tsv").write_text(
        "question\tbest\tacceptable\n两家在楼道吵\t22\t22,11,24\n", encoding="utf-8"
    )
    quarrel, weather, door = read_scenario_questions(path)
    assert quarrel.second_reading == SecondReading(22, (22, 11, 24))
    assert weather.second_reading is None and door.second_reading is None


@pytest.mark.parametrize("line", ["两家在楼道吵\t99\t99", "两家在楼道吵\t\t", "\t22\t22", "两家在楼道吵\t22\t11,x"])
def test_a_malformed_second_reading_is_refused(tmp_path, line):
    path = write(tmp_path, "11\tscene\t两家在楼道吵\n")
    path.with_name("questions.judged.tsv").write_text(f"question\tbest\tacceptable\n{line}\n", encoding="utf-8")
    with pytest.raises(QuestionFileError):
        read_scenario_questions(path)


@pytest.mark.parametrize(
    "readings",
    [
        "两家在楼道吵\t22\t22\n",  # no header
        "question\tbest\tacceptable\n两家在楼道吵\t22\t22\n两家在楼道吵\t11\t11\n",  # read twice
        "question\tbest\tacceptable\n两家在楼道吵。\t22\t22\n",  # a question the set does not hold
        "question\tbest\tacceptable\n今天天气\t1\t1\n",  # an out-of-scope question
    ],
)
def test_a_second_reading_that_does_not_fit_its_set_is_refused(tmp_path, readings):
    path = write(tmp_path, "11\tscene\t两家在楼道吵\n0\t今天天气\n")
    path.with_name("questions.judged.tsv").write_text(readings, encoding="utf-8")
    with pytest.raises(QuestionFileError):
        read_scenario_questions(path)


def test_the_judges_best_scenario_is_acceptable_though_not_listed_again(tmp_path):
    path = write(tmp_path, "11\tscene\t两家在楼道吵\n")
    path.with_name("questions.judged.tsv").write_text(
        "question\tbest\tacceptable\n两家在楼道吵\t22\t11\n", encoding="utf-8"
    )
    assert read_scenario_questions(path)[0].second_reading.accepts(22)


def test_a_scenario_the_judge_accepts_is_right_under_the_second_reading_but_not_the_writers_label():
    questions = [
        LabelledQuestion(11, "scene", "a", second_reading=SecondReading(22, (22, 11))),
        LabelledQuestion(11, "scene", "b", second_reading=SecondReading(11, (11,))),
        LabelledQuestion(11, "scene", "c"),
        LabelledQuestion(11, "scene", "d", second_reading=SecondReading(22, (22,))),  # the writer's label still counts
        LabelledQuestion(11, "scene", "e", second_reading=SecondReading(11, (11,))),  # unsure: nothing answered
    ]
    predictions = {
        "a": answer("scenario_22"),
        "b": answer("scenario_07"),
        "c": answer("scenario_11"),
        "d": answer("scenario_11"),
        "e": Prediction(("scenario_07", "scenario_11"), "nlu_fallback", 0.4, (0.4, 0.3)),
    }
    scene = score_scenarios(questions, predictions.__getitem__).styles["scene"]
    assert (scene.top1, scene.answered_wrong) == (2, 2)  # the writer's label: c and d are right, a and b wrong
    assert (scene.judged, scene.judge_agrees, scene.top1_acceptable, scene.answered_unacceptable) == (4, 2, 2, 1)
    lines = score_scenarios(questions, predictions.__getitem__).lines()
    assert any(line.split()[:5] == ["ALL", "4", "0.500", "0.500", "0.250"] for line in lines)


def test_a_set_without_a_second_reading_prints_no_second_table():
    lines = score_scenarios(QUESTIONS, PREDICTIONS.__getitem__).lines()
    assert not any(line.startswith("second reading") for line in lines)


def answer(intent, confidence=0.9, second="scenario_02"):
    return Prediction((intent, second, "scenario_03"), intent, confidence, (confidence, 0.05, 0.01))


QUESTIONS = [
    LabelledQuestion(1, "short", "a"),
    LabelledQuestion(1, "short", "b"),
    LabelledQuestion(1, "narrative", "c"),
    LabelledQuestion(0, "oos", "d"),
]
PREDICTIONS = {
    "a": answer("scenario_01"),
    "b": answer("scenario_02", 0.5, second="scenario_01"),
    "c": Prediction(("scenario_01",), "nlu_fallback", 0.3, (0.3,)),
    "d": answer("out_of_scope"),
}


def test_figures_are_kept_per_style_and_wrong_answers_counted():
    report = score_scenarios(QUESTIONS, PREDICTIONS.__getitem__)
    short, narrative = report.styles["short"], report.styles["narrative"]
    assert (short.questions, short.top1, short.top3, short.answered, short.answered_wrong) == (2, 1, 2, 2, 1)
    assert (narrative.top1, narrative.answered, narrative.answered_wrong) == (1, 0, 0)
    assert report.in_scope.questions == 3 and report.out_of_scope.declined == 1
    assert any(line.startswith("ALL") for line in report.lines())


def test_a_higher_threshold_answers_less_and_less_wrongly():
    raw = [PREDICTIONS[q.text] for q in QUESTIONS]
    lines = coverage_lines(QUESTIONS, raw, [0.4, 0.6], ambiguity=0.0)
    low, high = lines[1].split(), lines[2].split()
    assert (low[1], low[2]) == ("0.667", "0.333")
    assert (high[1], high[2]) == ("0.333", "0.000")


PASSAGES = {
    n: Passage(f"p-{n}", "文件", "", text)
    for n, text in enumerate(["小事不出村，大事不出乡。", "群众路线是生命线。", "随申码使用说明。"])
}
JUDGED = PolicyJudgements(
    scenarios={22: ScenarioJudgement(("小事不出村",), ("群众路线",)), 4: ScenarioJudgement((), ("群众路线",))},
    questions=(("矛盾不上交是什么", ("小事不出村",)),),
)


def test_the_policy_basis_is_scored_against_the_judges_reading():
    shown = {22: ([PASSAGES[0], PASSAGES[2]], False), 4: ([PASSAGES[1]], True)}
    lines = score_policy_basis(JUDGED, shown.__getitem__)
    assert lines[0].startswith(
        "scenarios whose first passage is acceptable: 2/2 (1 clearly supporting, 1 marked principle-level)"
    )
    assert lines[1].endswith("2/3")
    assert "passages shown that the judge did not accept: 1" in lines[2] and "随申码" in lines[2]


def test_an_unmarked_principle_passage_first_is_not_acceptable():
    lines = score_policy_basis(JUDGED, {22: ([PASSAGES[1]], False), 4: ([PASSAGES[1]], False)}.__getitem__)
    assert lines[0].startswith("scenarios whose first passage is acceptable: 0/2")


def test_judged_free_questions_score_hit_at_3():
    rate, misses = score_judged_questions(JUDGED, lambda q: [Hit(PASSAGES[2], 1.0), Hit(PASSAGES[0], 0.5)])
    assert rate == 1.0 and misses == []
    rate, misses = score_judged_questions(JUDGED, lambda q: [])
    assert rate == 0.0 and misses == ["矛盾不上交是什么  (got nothing)"]


def test_an_unanswerable_question_that_shows_passages_is_a_miss():
    judged = PolicyJudgements(scenarios={}, questions=(), unanswerable=("民警加班费怎么算",))
    assert score_judged_questions(judged, lambda q: [])[1] == []
    assert score_judged_questions(judged, lambda q: [Hit(PASSAGES[1], 1.0)])[1] == [
        "民警加班费怎么算  (unanswerable, but showed p-1)"
    ]
