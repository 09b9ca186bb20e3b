"""The stack's health: every part checked for operators, and a terse answer for the public that is
checked at most once every few seconds, however many ask."""

from __future__ import annotations

import asyncio
import time
from typing import Optional

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool

from api.bot import BotClient
from api.db import database_ok
from api.schemas import ComponentHealth, HealthResponse

PUBLIC_CHECK_SECONDS = 5.0  # the public answer is at most this old


async def check_health(bot: BotClient, engine: sa.engine.Engine) -> HealthResponse:
    """Rasa's instances (and the model they report), the action server and the database, checked now."""
    statuses = {base: await bot.instance_status(base) for base in bot.instances.urls}
    down = [base for base, status in statuses.items() if not status.get("model_file")]
    models = {str(status["model_file"]) for status in statuses.values() if status.get("model_file")}
    model = next(iter(models)) if len(models) == 1 else (", ".join(sorted(models)) or None)
    rasa = ComponentHealth(
        ok=not down, detail=f"down or no model: {', '.join(down)}" if down else f"{len(statuses)} instance(s)"
    )
    actions_ok = await bot.action_server_healthy()
    database = await run_in_threadpool(database_ok, engine)
    return HealthResponse(
        ok=rasa.ok and actions_ok and database,
        gateway=ComponentHealth(ok=True),
        rasa=rasa,
        action_server=ComponentHealth(ok=actions_ok, detail="" if actions_ok else "not reachable"),
        database=ComponentHealth(ok=database, detail="" if database else "not reachable"),
        model=model,
    )


class PublicHealth:
    """Whether every part is up, from one check shared by every caller for a few seconds."""

    def __init__(self, max_age_seconds: float = PUBLIC_CHECK_SECONDS) -> None:
        self.max_age = max_age_seconds
        self.ok: Optional[bool] = None
        self.checked_at = 0.0
        self.checking = asyncio.Lock()

    def fresh(self) -> bool:
        return self.ok is not None and time.monotonic() - self.checked_at < self.max_age

    async def current(self, bot: BotClient, engine: sa.engine.Engine) -> bool:
        if not self.fresh():
            async with self.checking:  # callers arriving during a check wait for its result
                if not self.fresh():
                    self.ok = (await check_health(bot, engine)).ok
                    self.checked_at = time.monotonic()
        return bool(self.ok)
