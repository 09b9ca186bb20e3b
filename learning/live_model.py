"""Which model the Rasa instances serve, and changing it.

Promotion first prepares every file (a copy of MODEL kept for rollback, the new model staged beside
MODEL), then loads the run's model into every configured Rasa instance through Rasa's model API
(``PUT /model`` with the auth token), then moves the staged file over MODEL so that a restarted Rasa
serves it too, and records the change. If an instance refuses, the ones already changed go back to
the previous model, the staged file is removed and nothing is recorded. Changes are a stack: a
rollback undoes the newest promotion not yet undone, so rolling back twice goes two models back,
never forward again. Callers hold ``lock`` around a change (one at a time in this process); the model files must be
reachable under the same path by every Rasa instance (one machine, or a shared models folder)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional

import sqlalchemy as sa

from api.bot import BotClient, BotUnavailable
from api.db import record_of
from api.schema import ensure_schema
from api.tables import changes_table
from learning.threads import in_thread

PROMOTE, ROLLBACK = "promote", "rollback"


class ModelChangeFailed(Exception):
    """A Rasa instance did not load the model (every instance is back on the previous one)."""


class NothingToRollBack(Exception):
    """No promotion is left to undo (or the model it replaced is gone)."""


@dataclass(frozen=True)
class ModelChange:
    """A promotion or a rollback: the model served from then on, and the one it replaced."""

    id: int
    at: datetime
    actor: str
    action: str
    run_id: Optional[int]
    model_path: str
    previous_path: str
    previous_run_id: Optional[int]
    undone: bool  # a promotion a rollback has undone


@dataclass(frozen=True)
class LiveModelRef:
    """The model Rasa serves: its file and the training run that made it (None for the installed MODEL)."""

    path: str
    run_id: Optional[int]


class LiveModel:
    """The live model's history and the two ways of changing it."""

    def __init__(self, engine: sa.engine.Engine, model_file: Path, models_dir: Path) -> None:
        self.engine = engine
        self.model_file = model_file  # MODEL: what Rasa loads when it starts
        self.models_dir = models_dir
        self.lock = asyncio.Lock()
        ensure_schema(engine)

    def changes(self, limit: int = 20) -> List[ModelChange]:
        """The latest changes, newest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(changes_table).order_by(changes_table.c.id.desc()).limit(limit))
            return [record_of(ModelChange, row) for row in rows]

    def current(self) -> LiveModelRef:
        """The live model: the last change's, or MODEL before any change."""
        latest = self.changes(limit=1)
        if not latest:
            return LiveModelRef(path=str(self.model_file.resolve()), run_id=None)
        return LiveModelRef(path=latest[0].model_path, run_id=latest[0].run_id)

    def _undoable(self) -> Optional[ModelChange]:
        """The newest promotion no rollback has undone yet."""
        query = (
            sa.select(changes_table)
            .where(changes_table.c.action == PROMOTE, changes_table.c.undone.is_(False))
            .order_by(changes_table.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return record_of(ModelChange, row) if row is not None else None

    def rollback_target(self) -> Optional[str]:
        """The model a rollback would load: the one the newest promotion not yet undone replaced (if its
        file still exists)."""
        promotion = self._undoable()
        if promotion is not None and Path(promotion.previous_path).exists():
            return promotion.previous_path
        return None

    def kept_files(self) -> List[str]:
        """Model files a clean-up must never delete: MODEL, the live model and every model a rollback
        could still reach."""
        query = sa.select(changes_table.c.previous_path).where(
            changes_table.c.action == PROMOTE, changes_table.c.undone.is_(False)
        )
        with self.engine.connect() as connection:
            reachable = [row.previous_path for row in connection.execute(query)]
        return [str(self.model_file), self.current().path, *reachable]

    async def promote(self, bot: BotClient, actor: str, run_id: int, model_path: str) -> None:
        current = await in_thread(self.current)
        await self._change(bot, actor, PROMOTE, run_id, model_path, current.path, current.run_id)

    async def rollback(self, bot: BotClient, actor: str) -> str:
        """Load the model the newest promotion not yet undone replaced; its path."""
        promotion = await in_thread(self._undoable)
        if promotion is None or not Path(promotion.previous_path).exists():
            raise NothingToRollBack("没有可回退的上一个模型")
        target = promotion.previous_path
        await self._change(
            bot,
            actor,
            ROLLBACK,
            promotion.previous_run_id,
            target,
            promotion.model_path,
            promotion.run_id,
            undoes=promotion.id,
        )
        return target

    def _stage(self, action: str, model_path: str, previous_path: str) -> tuple:
        """Copies made before any instance changes: MODEL kept when it is the model being replaced,
        and the new model beside MODEL (moved over it once every instance has it)."""
        if Path(previous_path) == self.model_file.resolve():
            kept = self.models_dir / f"live-before-{action}-{datetime.now(timezone.utc):%Y%m%d%H%M%S%f}.tar.gz"
            self.models_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(previous_path, kept)
            previous_path = str(kept.resolve())
        staged = self.model_file.with_name(self.model_file.name + ".partial")
        shutil.copyfile(model_path, staged)
        return previous_path, staged

    async def _change(
        self,
        bot: BotClient,
        actor: str,
        action: str,
        run_id: Optional[int],
        model_path: str,
        previous_path: str,
        previous_run_id: Optional[int],
        undoes: Optional[int] = None,
    ) -> None:
        loaded_from = previous_path  # what the instances serve now (MODEL itself before the first change)
        previous_path, staged = await in_thread(self._stage, action, model_path, previous_path)
        loaded: List[str] = []
        try:
            for instance in bot.instances.urls:
                await bot.load_model(instance, model_path)
                loaded.append(instance)
        except BotUnavailable as refused:
            for done in loaded:  # best effort: every instance back on the model it had
                with contextlib.suppress(BotUnavailable):
                    await bot.load_model(done, loaded_from)
            staged.unlink(missing_ok=True)
            raise ModelChangeFailed(f"Rasa 实例未能加载模型：{refused}") from refused
        await in_thread(self._record, staged, actor, action, run_id, model_path, previous_path, previous_run_id, undoes)

    def _record(
        self,
        staged: Path,
        actor: str,
        action: str,
        run_id: Optional[int],
        model_path: str,
        previous_path: str,
        previous_run_id: Optional[int],
        undoes: Optional[int],
    ) -> None:
        os.replace(staged, self.model_file)
        with self.engine.begin() as connection:
            if undoes is not None:
                connection.execute(changes_table.update().where(changes_table.c.id == undoes).values(undone=True))
            connection.execute(
                changes_table.insert().values(
                    at=datetime.now(timezone.utc),
                    actor=actor,
                    action=action,
                    run_id=run_id,
                    model_path=model_path,
                    previous_path=previous_path,
                    previous_run_id=previous_run_id,
                    undone=False,
                )
            )
