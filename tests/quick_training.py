"""A training plan whose runs take a second: "training" writes a model file (a copy of a given one,
or a few bytes) and "scoring" reports given figures. For tests of the console's bookkeeping around
a run; tests/web/test_admin_console.py trains and scores a real model."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

from learning.training import TrainingPlan

FIGURES = {
    "top1": 0.95,
    "answered": 0.93,
    "answered_wrong": 0.01,
    "out_of_scope_declined": 0.95,
    "questions": 240,
    "out_of_scope_questions": 45,
}


@dataclass
class QuickPlan(TrainingPlan):
    new_figures: Dict[str, Any] = field(default_factory=dict)  # changes to FIGURES for the new model
    fail_training: bool = False
    hang: bool = False  # training never ends (for the time limit)
    copy_of: Optional[Path] = None  # the "trained" model is a copy of this file (else b"new model")
    worse: List[Dict[str, str]] = field(default_factory=list)  # questions the new model answers worse

    def train_command(self, model_name: str) -> List[str]:
        model = self.models_dir / f"{model_name}.tar.gz"
        if self.hang:
            code = "import time; print('Training NLU model...', flush=True); time.sleep(600)"
        elif self.fail_training:
            code = "import sys; sys.exit('training failed: no data')"
        elif self.copy_of:
            code = (
                f"import shutil; print('Training NLU model...'); shutil.copyfile({str(self.copy_of)!r}, {str(model)!r})"
            )
        else:
            code = (
                f"import pathlib; print('Training NLU model...'); "
                f"pathlib.Path({str(model)!r}).write_bytes(b'new model')"
            )
        return [sys.executable, "-S", "-c", code]  # -S: no site-packages, a quick start

    def compare_command(self, live: Path, new: Path, out: Path) -> List[str]:
        figures = {
            "live": {"blind_dev.tsv": FIGURES},
            "new": {"blind_dev.tsv": {**FIGURES, **self.new_figures}},
            "worse": {"blind_dev.tsv": self.worse},
        }
        return [
            sys.executable,
            "-S",
            "-c",
            f"import pathlib; pathlib.Path({str(out)!r}).write_text({json.dumps(figures)!r})",
        ]


def use_quick_plan(client: Any, **options: Any) -> None:
    """Make the console of a test client's gateway train with a QuickPlan."""
    models = client.app.state.admin_console.models
    plan = models.plan
    models.plan = QuickPlan(
        plan.project_dir,
        plan.training_data,
        plan.models_dir,
        plan.evaluation_sets,
        plan.step_timeout_seconds,
        **options,
    )
