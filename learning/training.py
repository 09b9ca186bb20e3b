"""Training a new model in the background and scoring it beside the live one.

One run at a time (across gateways: the runs table says whether one is under way). A run trains
with ``rasa train`` on the project's data plus the reviewed file, then scores the new model and the
live one on the evaluation sets (scripts/compare_models.py), each step a subprocess, so the gateway
keeps answering officers meanwhile. Every step's progress is in the runs table for any gateway to
show; a run whose gateway stopped mid-way is marked failed when the next one starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import signal
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Set

import sqlalchemy as sa

from api import metrics
from api.db import record_of
from api.schema import ensure_schema
from api.tables import runs_table
from learning.threads import in_thread

logger = logging.getLogger(__name__)
RUNNING, READY, FAILED = "running", "ready", "failed"
STAGES = ("training", "evaluating")  # in order; a ready run has passed both
HEARTBEAT_SECONDS = 5.0
STALE_AFTER_SECONDS = 60.0
KEPT_OUTPUT_LINES = 12


class RunUnderWay(Exception):
    """A training run is already under way (its id)."""

    def __init__(self, run_id: int) -> None:
        super().__init__(f"training run {run_id} is under way")
        self.run_id = run_id


@dataclass(frozen=True)
class TrainingRun:
    """One training run: who started it, its state and stage, its model, the live model it was compared
    with, the figures of both (``{"live": {set: figures}, "new": {…}, "worse": {set: [answers]}}``) and
    the seconds each finished stage took."""

    id: int
    started_at: datetime
    started_by: str
    state: str
    stage: str
    stage_started_at: datetime
    heartbeat_at: datetime
    finished_at: Optional[datetime]
    message: str
    examples: Optional[int]  # reviewed examples the run trained with
    model_path: Optional[str]
    live_model_path: Optional[str]
    figures: Optional[Dict[str, Any]]
    durations: Dict[str, float]


def _row(row: Any) -> TrainingRun:
    return record_of(
        TrainingRun,
        row,
        figures=json.loads(row.figures) if row.figures else None,
        durations=json.loads(row.durations or "{}"),
    )


class TrainingRuns:
    """Rows of ``training_runs``."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine
        ensure_schema(engine)

    def start(self, actor: str, live_model_path: str) -> int:
        """A new run's id; raises RunUnderWay while another is running (one that stopped sending
        heartbeats is marked failed first)."""
        now = datetime.now(timezone.utc)
        with self.engine.begin() as connection:
            stale = now - timedelta(seconds=STALE_AFTER_SECONDS)
            connection.execute(
                runs_table.update()
                .where(
                    runs_table.c.state == RUNNING,
                    runs_table.c.heartbeat_at < stale,
                )
                .values(
                    state=FAILED,
                    finished_at=now,
                    message="训练中断：运行它的网关已停止 (the gateway running it stopped)",
                )
            )
        try:
            with self.engine.begin() as connection:
                result = connection.execute(
                    runs_table.insert().values(
                        started_at=now,
                        started_by=actor,
                        state=RUNNING,
                        stage=STAGES[0],
                        stage_started_at=now,
                        heartbeat_at=now,
                        message="",
                        live_model_path=live_model_path,
                        durations="{}",
                    )
                )
                return int(result.inserted_primary_key[0])
        except sa.exc.IntegrityError as busy:
            with self.engine.connect() as connection:
                running = connection.execute(sa.select(runs_table.c.id).where(runs_table.c.state == RUNNING)).first()
            raise RunUnderWay(running.id if running is not None else 0) from busy

    def update(self, run_id: int, **values: Any) -> None:
        if "figures" in values or "durations" in values:
            values = {
                **values,
                **{
                    key: json.dumps(values[key], ensure_ascii=False)
                    for key in ("figures", "durations")
                    if key in values
                },
            }
        with self.engine.begin() as connection:
            connection.execute(
                runs_table.update()
                .where(runs_table.c.id == run_id)
                .values(heartbeat_at=datetime.now(timezone.utc), **values)
            )

    def get(self, run_id: int) -> Optional[TrainingRun]:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(runs_table).where(runs_table.c.id == run_id)).first()
        return _row(row) if row is not None else None

    def recent(self, limit: int = 10) -> List[TrainingRun]:
        """The latest runs, newest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(runs_table).order_by(runs_table.c.id.desc()).limit(limit))
            return [_row(row) for row in rows]

    def typical_durations(self) -> Dict[str, float]:
        """Seconds each stage took in the last ready run (for a progress estimate)."""
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(runs_table.c.durations)
                .where(runs_table.c.state == READY)
                .order_by(runs_table.c.id.desc())
                .limit(1)
            ).first()
        return json.loads(row.durations) if row is not None else {}


@dataclass
class TrainingPlan:
    """What a run trains on and scores with (from the settings)."""

    project_dir: Path
    training_data: List[Path]
    models_dir: Path
    evaluation_sets: List[Path]
    step_timeout_seconds: float = 1800.0  # each of the two steps (TRAINING_TIMEOUT_SECONDS)

    def train_command(self, model_name: str) -> List[str]:
        return [
            sys.executable,
            "-m",
            "rasa",
            "train",
            "--config",
            "config.yml",
            "--domain",
            "domain.yml",
            "--data",
            *map(str, self.training_data),
            "--out",
            str(self.models_dir),
            "--fixed-model-name",
            model_name,
        ]

    def compare_command(self, live: Path, new: Path, out: Path) -> List[str]:
        return [
            sys.executable,
            "-m",
            "scripts.compare_models",
            "--model",
            f"live={live}",
            "--model",
            f"new={new}",
            "--questions",
            *map(str, self.evaluation_sets),
            "--out",
            str(out),
        ]


def prune_model_files(models_dir: Path, keep: Set[str]) -> List[Path]:
    """Delete the model files (and their figures) of ``models_dir`` not named in ``keep``; those deleted."""
    kept = {Path(path).resolve() for path in keep}
    deleted = []
    for model in models_dir.glob("*.tar.gz") if models_dir.exists() else []:
        if model.resolve() not in kept:
            model.unlink()
            model.with_name(model.name.replace(".tar.gz", ".figures.json")).unlink(missing_ok=True)
            deleted.append(model)
    return deleted


async def _kill(process: asyncio.subprocess.Process) -> None:
    """Kill the process and everything it started; wait for it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    await process.wait()


# Output lines that say how far a run is, and what the trainer reads for them; every other line (warnings,
# Rasa's own logging) goes only to the run's log file.
MILESTONES = (
    (re.compile(r"Finished training component '([\w.]+)'"), "正在训练：{0} 已完成"),
    (re.compile(r"Processed trackers|Processed rules|Processed story blocks"), "正在训练：对话规则"),
    (re.compile(r"scored (\w+) \("), "正在评测：{0} 模型已评测完"),
)


def milestone(line: str) -> Optional[str]:
    """The trainer's Chinese progress message for an output line that marks a step, else ``None``."""
    for pattern, message in MILESTONES:
        found = pattern.search(line)
        if found:
            return message.format(*found.groups())
    return None


class StepFailed(Exception):
    """A subprocess of a run exited with an error (its last output lines)."""


async def run_step(command: List[str], cwd: Path, on_line: Any, timeout_seconds: float) -> None:
    """Run ``command`` in a process group of its own, passing each output line to ``on_line``;
    StepFailed when it fails or outlives ``timeout_seconds``. Cancelled or timed out, the whole group
    is killed and waited for."""
    process = await asyncio.create_subprocess_exec(
        *command, cwd=str(cwd), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, start_new_session=True
    )
    tail: List[str] = []

    async def read() -> int:
        nonlocal tail
        assert process.stdout is not None
        async for raw in process.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                tail = (tail + [line])[-KEPT_OUTPUT_LINES:]
                await on_line(line)
        return await process.wait()

    try:
        code = await asyncio.wait_for(read(), timeout_seconds)
    except asyncio.TimeoutError:
        await _kill(process)
        raise StepFailed(f"超过 {timeout_seconds:.0f} 秒未完成，已停止 (timed out)") from None
    except asyncio.CancelledError:
        await asyncio.shield(_kill(process))
        raise
    if code != 0:
        raise StepFailed("\n".join(tail[-4:]) or f"exit status {code}")


async def train_and_compare(
    runs: TrainingRuns, run_id: int, plan: TrainingPlan, live_model: Path, examples: int
) -> None:
    """The background work of one run: train, then score new and live models; the row tells how it went."""
    started = time.monotonic()
    last_message = 0.0
    durations: Dict[str, float] = {}

    log_path = plan.models_dir / f"run-{run_id}.log"

    async def progress(line: str) -> None:
        nonlocal last_message
        with log_path.open("a", encoding="utf-8") as log:  # everything the steps print, for a developer
            log.write(line + "\n")
        message = milestone(line)
        if message and time.monotonic() - last_message >= 1.0:
            last_message = time.monotonic()
            await in_thread(runs.update, run_id, message=message)

    async def heartbeat() -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            await in_thread(runs.update, run_id)

    beating = asyncio.create_task(heartbeat())
    try:
        plan.models_dir.mkdir(parents=True, exist_ok=True)
        await in_thread(runs.update, run_id, examples=examples, message="正在训练：读取训练数据")
        model_name = f"run-{run_id}"
        await run_step(plan.train_command(model_name), plan.project_dir, progress, plan.step_timeout_seconds)
        model_path = (plan.models_dir / f"{model_name}.tar.gz").resolve()
        durations["training"] = round(time.monotonic() - started, 1)
        await in_thread(
            runs.update,
            run_id,
            stage="evaluating",
            model_path=str(model_path),
            message="",
            stage_started_at=datetime.now(timezone.utc),
            durations=durations,
        )
        out = plan.models_dir / f"{model_name}.figures.json"
        await run_step(
            plan.compare_command(live_model, model_path, out), plan.project_dir, progress, plan.step_timeout_seconds
        )
        figures = json.loads(out.read_text(encoding="utf-8"))
        durations["evaluating"] = round(time.monotonic() - started - durations["training"], 1)
        await in_thread(
            runs.update,
            run_id,
            state=READY,
            figures=figures,
            durations=durations,
            finished_at=datetime.now(timezone.utc),
            message="训练和评测完成",
        )
        metrics.TRAINING_RUNS.labels("ready").inc()
    except asyncio.CancelledError:
        await in_thread(
            runs.update,
            run_id,
            state=FAILED,
            finished_at=datetime.now(timezone.utc),
            message="训练中断：网关正在停止 (the gateway is stopping)",
        )
        metrics.TRAINING_RUNS.labels("interrupted").inc()
        raise
    except Exception as error:  # any failure ends the run with its reason, never the gateway
        logger.exception("training run %s failed", run_id)
        metrics.TRAINING_RUNS.labels("failed").inc()
        await in_thread(
            runs.update,
            run_id,
            state=FAILED,
            finished_at=datetime.now(timezone.utc),
            message=f"训练失败（完整输出见 {log_path.name}）：{error}"[-1000:],
        )
    finally:
        beating.cancel()
