"""Teaching: a trainer assigns a question officers asked to a scenario or to out of scope (one example
in the reviewed examples file), discards it, or takes a decision back; every change audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Set

from guide import protocol
from guide.evaluation import read_scenario_questions
from guide.scenarios import scenario_intent
from learning.audit import AuditLog
from learning.calendar import StationCalendar
from learning.question_log import QuestionLog
from learning.queue import Decision, QueueFilter, QueueGroup, TeachingDecision, TeachingDecisions, build_queue
from learning.refused import Refused
from learning.reviewed_examples import (
    DuplicateExample,
    ReviewedExamples,
    UnwritableExample,
    comparable,
    normalised,
    unteachable,
    writable,
)


@dataclass(frozen=True)
class Undone:
    """A decision taken back, and whether its example left the reviewed file (a developer may have moved it)."""

    decision: TeachingDecision
    example_removed: bool


@dataclass
class Teaching:
    """The queue of questions to teach and the decisions taken on them."""

    decisions: TeachingDecisions
    reviewed: ReviewedExamples
    questions: QuestionLog
    audit: AuditLog
    calendar: StationCalendar
    evaluation_questions: Set[str] = field(default_factory=set)

    @staticmethod
    def evaluation_texts(sets: List[Path]) -> Set[str]:
        """Every question of the evaluation sets, normalised (never to become a training example)."""
        return {comparable(question.text) for path in sets for question in read_scenario_questions(path)}

    def queue(self, where: QueueFilter) -> List[QueueGroup]:
        """The questions to teach, grouped by the scenario they came closest to."""
        return build_queue(self.questions, self.decisions, where)

    def decide(self, actor: str, question: str, decision: Decision, scenario: Optional[int]) -> TeachingDecision:
        """Assign ``question`` to a scenario or to out of scope (written to the reviewed file), or
        discard it; the decision's row."""
        question = normalised(question)
        problem = unteachable(question)
        if problem and (decision != Decision.DISCARD or writable(question)):  # a discard may drop unwritable junk
            raise Refused(422, problem)
        if self.decisions.in_force(question):
            raise Refused(409, "这个问题已经处理过了（可先撤销）")
        if decision == Decision.SCENARIO and scenario is None:
            raise Refused(422, "请选择一个情形 (choose a scenario)")
        intent = None
        if decision != Decision.DISCARD:
            if comparable(question) in self.evaluation_questions:
                raise Refused(409, "这个问题在评测集中，不能用作训练例句（否则评测结果失真）")
            assigned = decision == Decision.SCENARIO and scenario is not None
            intent = scenario_intent(scenario) if assigned and scenario is not None else protocol.OUT_OF_SCOPE
        decision_id = self.decisions.record(actor, question, decision, intent)  # first: a file line always has a row
        if intent is not None:
            try:
                self.reviewed.add(question, intent)
            except (DuplicateExample, UnwritableExample, OSError) as failed:
                self.decisions.delete(decision_id)
                if isinstance(failed, DuplicateExample):
                    raise Refused(409, f"训练数据里已有这个例句（{failed.intent}），不必重复添加") from failed
                if isinstance(failed, UnwritableExample):
                    raise Refused(422, "问题含有控制字符等无法写入训练文件的字符") from failed
                raise
        self.audit.record(
            actor,
            "assign" if decision != Decision.DISCARD else "discard",
            subject=question,
            detail={"decision": decision, "intent": intent, "decision_id": decision_id},
        )
        return self._recorded(decision_id)

    def undo(self, actor: str, decision_id: int) -> Undone:
        """Take a decision back: its example leaves the reviewed file and the question returns to the queue."""
        decision = self.decisions.get(decision_id)
        if decision is None:
            raise Refused(404, "没有这个处理记录")
        if decision.undone_at is not None:
            raise Refused(409, "这个处理已经撤销过了")
        removed = decision.intent is not None and self.reviewed.remove(decision.question, decision.intent)
        self.decisions.undo(decision_id, actor)
        self.audit.record(
            actor,
            "undo",
            subject=decision.question,
            detail={
                "decision_id": decision_id,
                "decision": decision.decision,
                "intent": decision.intent,
                "example_removed": removed,
            },
        )
        # An example a developer has since moved to another file stays there: the answer says so.
        return Undone(self._recorded(decision_id), example_removed=removed)

    def _recorded(self, decision_id: int) -> TeachingDecision:
        decision = self.decisions.get(decision_id)
        if decision is None:  # deleted meanwhile (another trainer's failed write)
            raise Refused(409, "这个处理记录已不存在，请刷新")
        return decision
