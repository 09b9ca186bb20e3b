"""Whether a newly trained model may replace the live one: both scored on the same evaluation sets,
and the new one must not be worse on any of them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, List, Mapping, Sequence

from guide.boundaries import KINDS as BOUNDARY_KINDS
from guide.boundaries import boundaries
from guide.evaluation import OUT_OF_SCOPE, LabelledQuestion, Prediction, ScenarioReport, expected_intent
from guide.scenarios import FieldGuide, scenario_id_from_intent

# figure name -> (label shown to the trainer, whether higher is better)
FIGURES: Mapping[str, tuple] = {
    "top1": ("首选正确率", True),
    "answered": ("直接回答率", True),
    "answered_wrong": ("答错率", False),
    "out_of_scope_declined": ("范围外婉拒率", True),
}
Figures = Dict[str, float]


def headline(report: ScenarioReport) -> Dict[str, float]:
    """The figures a trainer compares, as shares of the set's questions, plus the counts."""
    in_scope, oos = report.in_scope, report.out_of_scope
    return {
        "questions": in_scope.questions,
        "out_of_scope_questions": oos.questions,
        "top1": round(in_scope.share(in_scope.top1), 4),
        "answered": round(in_scope.share(in_scope.answered), 4),
        "answered_wrong": round(in_scope.share(in_scope.answered_wrong), 4),
        "out_of_scope_declined": round(oos.share(oos.declined), 4) if oos.questions else 1.0,
    }


def percent(share: float) -> str:
    """A share as the console shows it everywhere: one decimal, halves rounded up (0.9625 -> "96.3%");
    ``api/static/admin.js`` ``percent`` rounds the same way."""
    return f"{Decimal(str(share)).scaleb(2).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def reasons_worse(live: Mapping[str, Figures], candidate: Mapping[str, Figures], tolerance: float) -> List[str]:
    """Why ``candidate`` is worse than ``live`` (empty when it is not): each figure of each set that
    moved the wrong way by more than ``tolerance`` (a share, e.g. 0.005), or a set it was not scored on."""
    reasons = []
    for name, figures in live.items():
        new = candidate.get(name)
        if new is None:
            reasons.append(f"{name}：新模型没有评测结果")
            continue
        for key, (label, higher_is_better) in FIGURES.items():
            change = new[key] - figures[key]
            if (change < -tolerance) if higher_is_better else (change > tolerance):
                reasons.append(f"{name}：{label} {percent(figures[key])} → {percent(new[key])}")
    return reasons


NEXT_STEP = (
    "下一步：在“待处理问题”里把这些问题（或与它们相近的问题）分配给正确的场景，再重新训练；"
    "也可以放弃这次训练，现用模型不受影响。"
)


def answer_label(intent: str, guide: FieldGuide) -> str:
    """What an answer was, in the trainer's words: a scenario, unsure, declined, or a boundary reply."""
    number = scenario_id_from_intent(intent)
    if number is not None and number in guide.scenarios:
        return f"第{number}问 {guide.scenarios[number].title}"
    if intent in BOUNDARY_KINDS:
        return boundaries().kinds[intent].title
    return {"nlu_fallback": "不确定（您是想问……）", "out_of_scope": "婉拒（不在指引范围内）"}.get(intent, intent)


def right(question: LabelledQuestion, prediction: Prediction) -> bool:
    """Whether the answer is what the question wants: its scenario, or no visit method for a question
    outside the guide (its boundary reply for a boundary question)."""
    if question.boundary:
        return prediction.reply_kind == question.boundary
    if question.scenario == OUT_OF_SCOPE:
        return scenario_id_from_intent(prediction.final_intent) is None
    return scenario_id_from_intent(prediction.final_intent) == question.scenario


def answers_changed_for_the_worse(
    questions: Sequence[LabelledQuestion], live: Sequence[Prediction], new: Sequence[Prediction], guide: FieldGuide
) -> List[Dict[str, str]]:
    """The questions the live model answers right and the new one does not: question, the right answer,
    the live model's and the new model's."""
    return [
        {
            "question": question.text,
            "expected": answer_label(question.boundary or expected_intent(question.scenario), guide),
            "live": answer_label(old.reply_kind, guide),
            "new": answer_label(fresh.reply_kind, guide),
        }
        for question, old, fresh in zip(questions, live, new)
        if right(question, old) and not right(question, fresh)
    ]
