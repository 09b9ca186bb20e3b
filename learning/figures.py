"""The figures of the console's charts, per station day (STATION_TIMEZONE)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Dict

from api.feedback import FeedbackStore
from learning.calendar import StationCalendar
from learning.question_log import ANSWERED_KINDS, ASKED_KINDS, QuestionKind, QuestionLog


@dataclass
class StationFigures:
    """Questions by outcome, answered share, top scenarios and feedback, from the question log."""

    questions: QuestionLog
    feedback: FeedbackStore
    calendar: StationCalendar

    def charts(self, days: int) -> Dict[str, Any]:
        """Per station day: questions by outcome, share answered, feedback; top scenarios; the feedback ratio."""
        since, dates = self.calendar.last_days(days)
        per_day: Dict[str, Counter] = defaultdict(Counter)
        scenarios: Counter = Counter()
        for row in self.questions.rows(since=since):
            per_day[self.calendar.day_of(row.created_at)][row.kind] += 1
            if row.kind == QuestionKind.ANSWERED:
                scenarios[row.scenario] += 1
        helpful: Counter = Counter()
        for press in self.feedback.since(since):
            per_day[self.calendar.day_of(press["created_at"])]["helpful" if press["helpful"] else "not_helpful"] += 1
            helpful[bool(press["helpful"])] += 1
        days_list = []
        for day in dates:
            counts = per_day.get(day, Counter())
            asked = sum(counts[kind] for kind in ASKED_KINDS)
            answered = sum(counts[kind] for kind in ANSWERED_KINDS)
            days_list.append(
                {
                    "date": day,
                    "questions": asked,
                    "answered": answered,
                    "did_you_mean": counts[QuestionKind.FALLBACK],
                    "declined": counts[QuestionKind.OUT_OF_SCOPE],
                    "share_answered": round(answered / asked, 4) if asked else None,
                    "helpful": counts["helpful"],
                    "not_helpful": counts["not_helpful"],
                }
            )
        total_feedback = helpful[True] + helpful[False]
        return {
            "days": days_list,
            "top_scenarios": [{"scenario": scenario, "count": count} for scenario, count in scenarios.most_common(10)],
            "feedback": {
                "helpful": helpful[True],
                "not_helpful": helpful[False],
                "share_helpful": round(helpful[True] / total_feedback, 4) if total_feedback else None,
            },
        }
