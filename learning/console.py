"""The trainers' console over its stores, built from the settings: teaching (``learning/teaching.py``),
a model's life (``learning/model_lifecycle.py``) and the charts' figures (``learning/figures.py``).
Routers call these use cases; each audits its own changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from api.feedback import FeedbackStore
from api.settings import Settings
from guide.nlu_data import NLU_DIR
from guide.paths import ROOT
from learning.audit import AuditLog
from learning.figures import StationFigures
from learning.live_model import LiveModel
from learning.model_lifecycle import ModelLifecycle
from learning.question_log import QuestionLog
from learning.queue import TeachingDecisions
from learning.refused import Refused
from learning.reviewed_examples import ReviewedExamples
from learning.teaching import Teaching
from learning.training import TrainingPlan, TrainingRuns

__all__ = ["AdminConsole", "Refused"]


def in_project(path: str) -> Path:
    """A settings path: absolute as given, else relative to the project's root."""
    return Path(path) if Path(path).is_absolute() else ROOT / path


@dataclass
class AdminConsole:
    """What the console can do, by use case, and the audit trail they share."""

    teaching: Teaching
    models: ModelLifecycle
    figures: StationFigures
    audit: AuditLog

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
        reviewed = ReviewedExamples(reviewed_file, sorted(NLU_DIR.rglob("*.yml")))
        teaching = Teaching(
            decisions=TeachingDecisions(engine),
            reviewed=reviewed,
            questions=questions,
            audit=audit,
            calendar=settings.calendar,
            evaluation_questions=Teaching.evaluation_texts(evaluation_sets),
        )
        models = ModelLifecycle(
            runs=TrainingRuns(engine),
            live=LiveModel(engine, in_project(settings.model), models_dir),
            plan=TrainingPlan(ROOT, training_data, models_dir, evaluation_sets, settings.training_timeout_seconds),
            reviewed=reviewed,
            audit=audit,
            promotion_tolerance=settings.promotion_tolerance,
        )
        return cls(teaching, models, StationFigures(questions, feedback, settings.calendar), audit)

    async def stop(self) -> None:
        """Stop a run this process started (it is marked failed)."""
        await self.models.stop()
