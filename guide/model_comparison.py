"""Whether a newly trained model may replace the live one: both scored on the same evaluation sets,
and the new one must not be worse on any of them."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, List, Mapping

from guide.evaluation import ScenarioReport

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
