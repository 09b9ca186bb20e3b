"""A new model may replace the live one only when no figure of any set is worse beyond the tolerance."""

from guide.evaluation import ScenarioReport, Tally
from learning.model_comparison import headline, reasons_worse

LIVE = {"top1": 0.95, "answered": 0.93, "answered_wrong": 0.010, "out_of_scope_declined": 0.95}


def test_headline_figures_are_shares_of_in_scope_and_out_of_scope_questions():
    report = ScenarioReport(
        styles={
            "short": Tally(questions=8, top1=7, top3=8, answered=6, answered_wrong=1),
            "scene": Tally(questions=2, top1=2, top3=2, answered=2),
        },
        out_of_scope=Tally(questions=4, declined=3),
    )
    assert headline(report) == {
        "questions": 10,
        "out_of_scope_questions": 4,
        "top1": 0.9,
        "answered": 0.8,
        "answered_wrong": 0.1,
        "out_of_scope_declined": 0.75,
    }


def test_equal_or_better_figures_pass():
    better = {**LIVE, "top1": 0.97, "answered_wrong": 0.005}
    assert reasons_worse({"dev": LIVE}, {"dev": better}, tolerance=0.0) == []


def test_each_figure_that_moved_the_wrong_way_is_a_reason():
    worse = {**LIVE, "answered": 0.90, "answered_wrong": 0.02}
    assert reasons_worse({"dev": LIVE}, {"dev": worse}, tolerance=0.005) == [
        "dev：直接回答率 93.0% → 90.0%",
        "dev：答错率 1.0% → 2.0%",
    ]


def test_a_change_within_the_tolerance_is_not_worse():
    assert reasons_worse({"dev": LIVE}, {"dev": {**LIVE, "top1": 0.946}}, tolerance=0.005) == []


def test_a_set_the_new_model_was_not_scored_on_is_a_reason():
    assert reasons_worse({"dev": LIVE, "test": LIVE}, {"dev": LIVE}, tolerance=0.005) == ["test：新模型没有评测结果"]


def test_a_share_is_shown_with_one_decimal_and_halves_rounded_up_as_the_console_does():
    from learning.model_comparison import percent

    assert (percent(0.9625), percent(0.9624), percent(1.0), percent(0.0)) == ("96.3%", "96.2%", "100.0%", "0.0%")


def test_the_questions_the_new_model_answers_worse_are_listed_with_both_answers():
    from guide.evaluation import LabelledQuestion, Prediction
    from guide.scenarios import field_guide
    from learning.model_comparison import answers_changed_for_the_worse

    questions = [
        LabelledQuestion(4, "short", "敲门没人应"),
        LabelledQuestion(0, "oos", "今天天气"),
        LabelledQuestion(5, "short", "住户老不在家"),
    ]
    live = [
        Prediction(("scenario_04",), "scenario_04"),
        Prediction(("out_of_scope",), "out_of_scope"),
        Prediction(("scenario_04",), "scenario_04"),
    ]
    new = [
        Prediction(("scenario_05",), "scenario_05"),
        Prediction(("scenario_01",), "nlu_fallback"),
        Prediction(("scenario_05",), "scenario_05"),
    ]
    assert answers_changed_for_the_worse(questions, live, new, field_guide()) == [
        {
            "question": "敲门没人应",
            "expected": "第4问 居民不愿开门",
            "live": "第4问 居民不愿开门",
            "new": "第5问 住户经常不在家",
        }
    ]
