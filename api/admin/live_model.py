"""Which model the Rasa instances serve, and changing it without downtime.

Promotion loads a run's model into every configured Rasa instance through Rasa's model API
(``PUT /model`` with the auth token; Rasa answers from the old model until the new one is loaded),
then copies it over MODEL so that a restarted Rasa serves it too. If an instance refuses, the ones
already changed go back to the previous model and nothing is recorded as live. Every change is a
row of ``live_model_changes``; rolling back loads the previous row's model. The model files must be
reachable under the same path by every Rasa instance (one machine, or a shared models folder)."""
from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

import sqlalchemy as sa

from api.bot import BotClient, BotUnavailable
from api.db import metadata, row_dict

PROMOTE, ROLLBACK = "promote", "rollback"

changes_table = sa.Table(
    "live_model_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("run_id", sa.Integer, nullable=True),
    sa.Column("model_path", sa.Text, nullable=False),
    sa.Column("previous_path", sa.Text, nullable=False),
)


class ModelChangeFailed(Exception):
    """A Rasa instance did not load the model (every instance is back on the previous one)."""


class LiveModel:
    """The live model's history and the two ways of changing it."""

    def __init__(self, engine: sa.engine.Engine, model_file: Path, models_dir: Path) -> None:
        self.engine = engine
        self.model_file = model_file  # MODEL: what Rasa loads when it starts
        self.models_dir = models_dir
        metadata.create_all(engine, tables=[changes_table])

    def changes(self, limit: int = 20) -> List[Dict[str, Any]]:
        """The latest changes, newest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(changes_table).order_by(changes_table.c.id.desc()).limit(limit))
            return [row_dict(row) for row in rows]

    def current(self) -> Dict[str, Any]:
        """``{"path", "run_id"}`` of the live model: the last change's, or MODEL before any change."""
        latest = self.changes(limit=1)
        if not latest:
            return {"path": str(self.model_file.resolve()), "run_id": None}
        return {"path": latest[0]["model_path"], "run_id": latest[0]["run_id"]}

    def rollback_target(self) -> Optional[str]:
        """The model a rollback would load: the one before the last change, if its file still exists."""
        latest = self.changes(limit=1)
        if latest and Path(latest[0]["previous_path"]).exists():
            return latest[0]["previous_path"]
        return None

    async def promote(self, bot: BotClient, actor: str, run_id: int, model_path: str) -> None:
        await self._change(bot, actor, PROMOTE, run_id, model_path, self.current()["path"])

    async def rollback(self, bot: BotClient, actor: str) -> str:
        """Load the previous model again; its path."""
        target = self.rollback_target()
        if target is None:
            raise ModelChangeFailed("没有可回退的上一个模型")
        current = self.current()
        previous_run = self._run_of(target)
        await self._change(bot, actor, ROLLBACK, previous_run, target, current["path"])
        return target

    def _run_of(self, path: str) -> Optional[int]:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(changes_table.c.run_id).where(changes_table.c.model_path == path)
                                     .order_by(changes_table.c.id.desc()).limit(1)).first()
        return row.run_id if row is not None else None

    async def _change(self, bot: BotClient, actor: str, action: str, run_id: Optional[int], model_path: str,
                      previous_path: str) -> None:
        loaded: List[str] = []
        for instance in bot.instances.urls:
            try:
                await bot.load_model(instance, model_path)
            except BotUnavailable as refused:
                for done in loaded:  # best effort: every instance back on the model it had
                    try:
                        await bot.load_model(done, previous_path)
                    except BotUnavailable:
                        pass
                raise ModelChangeFailed(f"Rasa 实例 {instance} 未能加载模型：{refused}") from refused
            loaded.append(instance)
        if Path(previous_path) == self.model_file.resolve():  # MODEL is about to be overwritten: keep a copy
            kept = self.models_dir / f"live-before-{action}-{datetime.now(timezone.utc):%Y%m%d%H%M%S}.tar.gz"
            self.models_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(previous_path, kept)
            previous_path = str(kept.resolve())
        partial = self.model_file.with_name(self.model_file.name + ".partial")
        shutil.copyfile(model_path, partial)
        os.replace(partial, self.model_file)
        with self.engine.begin() as connection:
            connection.execute(changes_table.insert().values(
                at=datetime.now(timezone.utc), actor=actor, action=action, run_id=run_id, model_path=model_path,
                previous_path=previous_path))
