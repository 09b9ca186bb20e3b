"""The admin console's use cases, over its stores: teach (assign, discard, undo), train, promote,
roll back, and the figures for the charts. Routers call these; every change is audited here."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Set

import sqlalchemy as sa

from api import metrics
from api.bot import BotClient
from api.feedback import FeedbackStore
from api.settings import Settings
from guide import protocol
from guide.evaluation import read_scenario_questions
from guide.nlu_data import NLU_DIR
from guide.paths import ROOT
from guide.scenarios import scenario_intent
from learning.audit import AuditLog
from learning.calendar import StationCalendar
from learning.live_model import LiveModel, ModelChangeFailed, NothingToRollBack
from learning.model_comparison import NEXT_STEP, reasons_worse
from learning.question_log import ANSWERED_KINDS, ASKED_KINDS, QuestionKind, QuestionLog
from learning.queue import Decision, TeachingDecisions
from learning.reviewed_examples import (
    DuplicateExample,
    ReviewedExamples,
    UnwritableExample,
    comparable,
    normalised,
    unteachable,
    writable,
)
from learning.threads import in_thread
from learning.training import READY, RunUnderWay, TrainingPlan, TrainingRuns, prune_model_files, train_and_compare

KEPT_RUNS = 3  # the newest runs' model files are kept (besides MODEL, the live model and rollback targets)
# Evaluation sets that never gate a promotion but must not become training examples either.
KEPT_OUT_SETS = ("tests/data/blind_test.tsv",)


def in_project(path: str) -> Path:
    """A settings path: absolute as given, else relative to the project's root."""
    return Path(path) if Path(path).is_absolute() else ROOT / path


class Refused(Exception):
    """A console action that cannot be done, with the reason shown to the trainer (HTTP ``status``)."""

    def __init__(self, status: int, reason: str, details: Optional[List[str]] = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.details = details or []


@dataclass
class AdminConsole:
    audit: AuditLog
    decisions: TeachingDecisions
    runs: TrainingRuns
    live: LiveModel
    reviewed: ReviewedExamples
    plan: TrainingPlan
    questions: QuestionLog
    feedback: FeedbackStore
    promotion_tolerance: float
    calendar: StationCalendar
    evaluation_questions: Set[str] = field(default_factory=set)
    background: Optional[asyncio.Task] = None

    @classmethod
    def evaluation_texts(cls, sets: List[Path]) -> Set[str]:
        """Every question of the evaluation sets, normalised (never to become a training example)."""
        return {comparable(question.text) for path in sets for question in read_scenario_questions(path)}

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        engine: sa.engine.Engine,
        audit: AuditLog,
        questions: QuestionLog,
        feedback: FeedbackStore,
    ) -> "AdminConsole":
        """The console over the gateway's database, with paths taken relative to the project's root."""
        reviewed_file = in_project(settings.reviewed_nlu_file)
        training_data = [in_project(path) for path in settings.training_data]
        if not any(reviewed_file.resolve().is_relative_to(path.resolve()) for path in training_data):
            training_data.append(reviewed_file)
        models_dir = in_project(settings.models_dir)
        evaluation_sets = [in_project(path) for path in settings.evaluation_sets]
        return cls(
            audit=audit,
            decisions=TeachingDecisions(engine),
            runs=TrainingRuns(engine),
            live=LiveModel(engine, in_project(settings.model), models_dir),
            reviewed=ReviewedExamples(reviewed_file, sorted(NLU_DIR.rglob("*.yml"))),
            plan=TrainingPlan(ROOT, training_data, models_dir, evaluation_sets, settings.training_timeout_seconds),
            questions=questions,
            feedback=feedback,
            promotion_tolerance=settings.promotion_tolerance,
            calendar=settings.calendar,
            evaluation_questions=cls.evaluation_texts(evaluation_sets + [in_project(p) for p in KEPT_OUT_SETS]),
        )

    async def stop(self) -> None:
        """Stop a run this process started (it is marked failed)."""
        if self.background is not None and not self.background.done():
            self.background.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.background

    # Teaching

    def decide(self, actor: str, question: str, decision: Decision, scenario: Optional[int]) -> Dict[str, Any]:
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
        return self.decisions.get(decision_id) or {}

    def undo(self, actor: str, decision_id: int) -> Dict[str, Any]:
        """Take a decision back: its example leaves the reviewed file and the question returns to the queue."""
        decision = self.decisions.get(decision_id)
        if decision is None:
            raise Refused(404, "没有这个处理记录")
        if decision["undone_at"] is not None:
            raise Refused(409, "这个处理已经撤销过了")
        removed = bool(decision["intent"]) and self.reviewed.remove(decision["question"], decision["intent"])
        self.decisions.undo(decision_id, actor)
        self.audit.record(
            actor,
            "undo",
            subject=decision["question"],
            detail={
                "decision_id": decision_id,
                "decision": decision["decision"],
                "intent": decision["intent"],
                "example_removed": removed,
            },
        )
        # An example a developer has since moved to another file stays there: the answer says so.
        return {**decision, "undone_by": actor, "example_removed": removed}

    def reviewed_count(self) -> int:
        return sum(len(texts) for texts in self.reviewed.read().values())

    # Training, promotion, rollback

    def prepare_run(self, actor: str) -> tuple:
        """Book a run (Refused while one is under way), clear old model files, audit; what the run needs:
        ``(run id, live model, reviewed examples)``. Blocking work: call it in a thread."""
        live_path = Path(self.live.current()["path"])
        try:
            run_id = self.runs.start(actor, str(live_path))
        except RunUnderWay as busy:
            raise Refused(409, f"已有一次训练正在进行（第 {busy.run_id} 次），请等它完成") from busy
        recent = {run["model_path"] for run in self.runs.recent(KEPT_RUNS) if run["model_path"]}
        prune_model_files(self.plan.models_dir, recent | set(self.live.kept_files()))
        examples = self.reviewed_count()
        self.audit.record(
            actor, "train", subject=f"run {run_id}", detail={"run_id": run_id, "reviewed_examples": examples}
        )
        return run_id, live_path, examples

    async def start_training(self, actor: str) -> int:
        """Start a run in the background; its id."""
        run_id, live_path, examples = await in_thread(self.prepare_run, actor)
        self.background = asyncio.create_task(train_and_compare(self.runs, run_id, self.plan, live_path, examples))
        return run_id

    def verdict(self, run: Dict[str, Any]) -> List[str]:
        """Why a ready run's model may not be promoted (empty: it may)."""
        figures = run.get("figures") or {}
        return reasons_worse(figures.get("live") or {}, figures.get("new") or {}, self.promotion_tolerance)

    @staticmethod
    def worse_answers(run: Dict[str, Any]) -> List[Dict[str, str]]:
        """The evaluation questions the run's model answers worse than the live one, with their set."""
        worse = (run.get("figures") or {}).get("worse") or {}
        return [{"set": name, **item} for name, items in sorted(worse.items()) for item in items]

    def _promotable(self, actor: str, run_id: int) -> Dict[str, Any]:
        """The run, if its model may go live now; else Refused with the reason (audited when worse)."""
        run = self.runs.get(run_id)
        if run is None:
            raise Refused(404, "没有这次训练")
        if run["state"] != READY:
            raise Refused(409, "这次训练还没有完成评测，不能发布")
        if run["live_model_path"] != self.live.current()["path"]:
            raise Refused(409, "现用模型在这次训练之后已经变了：请重新训练，再和现用模型比较")
        reasons = self.verdict(run)
        if reasons:
            self.audit.record(actor, "promote_refused", subject=f"run {run_id}", detail={"reasons": reasons})
            raise Refused(409, f"新模型比现用模型差，不能发布。{NEXT_STEP}", reasons)
        return run

    async def promote(self, bot: BotClient, actor: str, run_id: int) -> None:
        async with self.live.lock:  # the check and the change together: no other change in between
            try:
                run = await in_thread(self._promotable, actor, run_id)
            except Refused:
                metrics.PROMOTIONS.labels("refused").inc()
                raise
            try:
                await self.live.promote(bot, actor, run_id, run["model_path"])
            except ModelChangeFailed as failed:
                metrics.PROMOTIONS.labels("failed").inc()
                await in_thread(self.audit.record, actor, "promote_failed", f"run {run_id}", "", {"error": str(failed)})
                raise Refused(502, str(failed)) from failed
        metrics.PROMOTIONS.labels("promoted").inc()
        metrics.show_live_model(Path(run["model_path"]).name)
        await in_thread(
            self.audit.record,
            actor,
            "promote",
            f"run {run_id}",
            "",
            {"model": run["model_path"], "instances": bot.instances.urls},
        )

    async def rollback(self, bot: BotClient, actor: str) -> str:
        async with self.live.lock:
            previous = (await in_thread(self.live.current))["path"]
            try:
                target = await self.live.rollback(bot, actor)
            except NothingToRollBack as nothing:
                raise Refused(409, str(nothing)) from nothing
            except ModelChangeFailed as failed:
                await in_thread(self.audit.record, actor, "rollback_failed", "", "", {"error": str(failed)})
                raise Refused(502, str(failed)) from failed
        metrics.PROMOTIONS.labels("rolled_back").inc()
        metrics.show_live_model(Path(target).name)
        await in_thread(
            self.audit.record,
            actor,
            "rollback",
            Path(target).name,
            "",
            {"model": target, "replaced": previous, "instances": bot.instances.urls},
        )
        return target

    # Figures for the charts

    def charts(self, days: int) -> Dict[str, Any]:
        """Per station day: questions by outcome, share answered, feedback; top scenarios; the feedback ratio."""
        since, dates = self.calendar.last_days(days)
        per_day: Dict[str, Counter] = defaultdict(Counter)
        scenarios: Counter = Counter()
        for row in self.questions.rows(since=since):
            per_day[self.calendar.day_of(row["created_at"])][row["kind"]] += 1
            if row["kind"] == QuestionKind.ANSWERED:
                scenarios[row["scenario"]] += 1
        helpful: Counter = Counter()
        for row in self.feedback.since(since):
            per_day[self.calendar.day_of(row["created_at"])]["helpful" if row["helpful"] else "not_helpful"] += 1
            helpful[bool(row["helpful"])] += 1
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
