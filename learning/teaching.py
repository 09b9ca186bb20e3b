"""Teaching: a trainer assigns a question officers asked to a scenario or to out of scope (one example
in the reviewed examples file), discards it, or takes a decision back; every change audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, FrozenSet, Iterable, List, Optional, Set, Tuple

from guide import protocol
from guide.conversation_evaluation import read_conversations
from guide.evaluation import read_scenario_questions
from guide.lookup_evaluation import read_lookup_questions
from guide.paths import ROOT
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

EVALUATION_DATA = ROOT / "tests" / "data"


# Every evaluation set the project keeps, with how to read its questions: none may become a training
# example, whether it gates a promotion or not (a question an officer happens to ask word for word too).
def scenario_questions(path: Path) -> Iterable[str]:
    return (question.text for question in read_scenario_questions(path))


def lookup_questions(path: Path) -> Iterable[str]:
    return (question.question for question in read_lookup_questions(path))


def conversation_turns(path: Path) -> Iterable[str]:
    return (turn.text for conversation in read_conversations(path) for turn in conversation.turns)


KEPT_OUT: Tuple[Tuple[str, Callable[[Path], Iterable[str]]], ...] = (
    ("blind_*.tsv", scenario_questions),
    ("heldout_questions.tsv", scenario_questions),
    ("boundary_*.tsv", scenario_questions),
    ("real_final*.tsv", scenario_questions),
    ("lookup_*.tsv", lookup_questions),
    ("conversations_*.yml", conversation_turns),
)
NOT_QUESTION_SETS = (".sources.tsv", ".judged.tsv")  # beside a set: where its questions came from, judgements


@lru_cache(maxsize=4)
def kept_out_texts(folder: Path = EVALUATION_DATA) -> FrozenSet[str]:
    """Every question of the project's evaluation sets (:data:`KEPT_OUT`), comparable; read once per
    process (the sets are files of the release, and a console is built for every gateway and test)."""
    return frozenset(
        {
            comparable(text)
            for pattern, read in KEPT_OUT
            for path in sorted(folder.glob(pattern))
            if not path.name.endswith(NOT_QUESTION_SETS)
            for text in read(path)
        }
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
        """Every question of these scenario-question sets and of every evaluation set the project keeps
        (:func:`kept_out_texts`), comparable: never to become a training example."""
        named = {comparable(question.text) for path in sets for question in read_scenario_questions(path)}
        return named | kept_out_texts()

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
