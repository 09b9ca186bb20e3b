"""A model's life: a training run on the reviewed examples, its comparison with the live model, promotion
(refused when it answers worse) and rollback; every change audited and counted in the metrics."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional

from api import metrics
from api.bot import BotClient
from learning.audit import AuditLog
from learning.live_model import LiveModel, ModelChangeFailed, NothingToRollBack
from learning.model_comparison import NEXT_STEP, reasons_worse
from learning.refused import Refused
from learning.reviewed_examples import ReviewedExamples
from learning.threads import in_thread
from learning.training import (
    READY,
    RUNNING,
    RunUnderWay,
    TrainingPlan,
    TrainingRun,
    TrainingRuns,
    prune_model_files,
    train_and_compare,
)

KEPT_RUNS = 3  # the newest runs' model files are kept (besides MODEL, the live model and rollback targets)


def progress_percent(run: TrainingRun, typical: Dict[str, float], now: datetime) -> Optional[int]:
    """A running run's estimated percent of its current stage (from the last runs' durations), at most 95."""
    expected = typical.get(run.stage)
    if run.state != RUNNING or not expected:
        return None
    return min(95, int(100 * (now - run.stage_started_at).total_seconds() / expected))


def run_path(run: TrainingRun) -> str:
    """The model file of a ready run (a ready run always has one)."""
    if run.model_path is None:
        raise Refused(409, "这次训练没有产出模型，不能发布")
    return run.model_path


@dataclass(frozen=True)
class RunSummary:
    """A run with what a trainer needs to judge it."""

    run: TrainingRun
    progress: Optional[int]  # estimated percent of the running stage
    elapsed_seconds: int
    refusals: List[str]  # why its model may not be promoted (empty: it may)
    worse_answers: List[Dict[str, str]]  # the questions it answers worse than the live model, with their set
    live: bool  # whether its model is the live one


@dataclass
class ModelLifecycle:
    """Training runs, the live model and the rule that decides whether a new model may replace it."""

    runs: TrainingRuns
    live: LiveModel
    plan: TrainingPlan
    reviewed: ReviewedExamples
    audit: AuditLog
    promotion_tolerance: float
    background: Optional[asyncio.Task] = None

    async def stop(self) -> None:
        """Stop a run this process started (it is marked failed)."""
        if self.background is not None and not self.background.done():
            self.background.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.background

    def prepare_run(self, actor: str) -> tuple:
        """Book a run (Refused while one is under way), clear old model files, audit; what the run needs:
        ``(run id, live model, reviewed examples)``. Blocking work: call it in a thread."""
        live_path = Path(self.live.current().path)
        try:
            run_id = self.runs.start(actor, str(live_path))
        except RunUnderWay as busy:
            raise Refused(409, f"已有一次训练正在进行（第 {busy.run_id} 次），请等它完成") from busy
        recent = {run.model_path for run in self.runs.recent(KEPT_RUNS) if run.model_path}
        prune_model_files(self.plan.models_dir, recent | set(self.live.kept_files()))
        examples = self.reviewed.count()
        self.audit.record(
            actor, "train", subject=f"run {run_id}", detail={"run_id": run_id, "reviewed_examples": examples}
        )
        return run_id, live_path, examples

    async def start_training(self, actor: str) -> int:
        """Start a run in the background; its id."""
        run_id, live_path, examples = await in_thread(self.prepare_run, actor)
        self.background = asyncio.create_task(train_and_compare(self.runs, run_id, self.plan, live_path, examples))
        return run_id

    def verdict(self, run: TrainingRun) -> List[str]:
        """Why a ready run's model may not be promoted (empty: it may)."""
        figures = run.figures or {}
        return reasons_worse(figures.get("live") or {}, figures.get("new") or {}, self.promotion_tolerance)

    def recent_runs(self) -> List[RunSummary]:
        """The latest runs, newest first, each with what a trainer needs to judge it: the running stage's
        estimated progress, the time it took (or has taken), why it may not be promoted, the questions it
        answers worse, and whether its model is the live one."""
        typical = self.runs.typical_durations()
        live_path = self.live.current().path
        now = datetime.now(timezone.utc)
        return [
            RunSummary(
                run=run,
                progress=progress_percent(run, typical, now),
                elapsed_seconds=round(((run.finished_at or now) - run.started_at).total_seconds()),
                refusals=self.verdict(run) if run.figures else [],
                worse_answers=self.worse_answers(run),
                live=run.model_path is not None and run.model_path == live_path,
            )
            for run in self.runs.recent()
        ]

    @staticmethod
    def worse_answers(run: TrainingRun) -> List[Dict[str, str]]:
        """The evaluation questions the run's model answers worse than the live one, with their set."""
        worse = (run.figures or {}).get("worse") or {}
        return [{"set": name, **item} for name, items in sorted(worse.items()) for item in items]

    def _promotable(self, actor: str, run_id: int) -> TrainingRun:
        """The run, if its model may go live now; else Refused with the reason (audited when worse)."""
        run = self.runs.get(run_id)
        if run is None:
            raise Refused(404, "没有这次训练")
        if run.state != READY or run.model_path is None:
            raise Refused(409, "这次训练还没有完成评测，不能发布")
        if run.live_model_path != self.live.current().path:
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
                await self.live.promote(bot, actor, run_id, run_path(run))
            except ModelChangeFailed as failed:
                metrics.PROMOTIONS.labels("failed").inc()
                await in_thread(self.audit.record, actor, "promote_failed", f"run {run_id}", "", {"error": str(failed)})
                raise Refused(502, str(failed)) from failed
        metrics.PROMOTIONS.labels("promoted").inc()
        metrics.show_live_model(Path(run_path(run)).name)
        await in_thread(
            self.audit.record,
            actor,
            "promote",
            f"run {run_id}",
            "",
            {"model": run.model_path, "instances": bot.instances.urls},
        )

    async def rollback(self, bot: BotClient, actor: str) -> str:
        async with self.live.lock:
            previous = (await in_thread(self.live.current)).path
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
