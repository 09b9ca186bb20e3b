"""Data kept no longer than needed: rows older than RETENTION_DAYS are deleted from the question
log, feedback and bridge memory, and (when TRACKER_DB_URL is given) from Rasa's conversation
events. The gateway prunes at start and then once a day."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from typing import Dict, Optional

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool

from api.bridges.state import offered_options, processed_messages
from api.feedback import feedback_table
from api.rasa_events import events
from learning.question_log import question_log

logger = logging.getLogger(__name__)
PRUNE_EVERY_SECONDS = 24 * 3600
DATED_TABLES = (
    (question_log, question_log.c.created_at),
    (feedback_table, feedback_table.c.created_at),
    (processed_messages, processed_messages.c.received_at),
    (offered_options, offered_options.c.updated_at),
)


def prune(
    engine: sa.engine.Engine,
    days: int,
    tracker_engine: Optional[sa.engine.Engine] = None,
    now: Optional[datetime] = None,
) -> Dict[str, int]:
    """Delete rows older than ``days``; how many rows each table lost."""
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    deleted: Dict[str, int] = {}
    with engine.begin() as connection:
        for table, column in DATED_TABLES:
            deleted[table.name] = connection.execute(table.delete().where(column < cutoff)).rowcount
    if tracker_engine is not None:
        with tracker_engine.begin() as connection:
            if sa.inspect(connection).has_table(events.name):
                deleted[events.name] = connection.execute(
                    events.delete().where(events.c.timestamp < cutoff.timestamp())
                ).rowcount
    return deleted


async def prune_logged(engine: sa.engine.Engine, days: int, tracker_engine: Optional[sa.engine.Engine]) -> None:
    """Prune once; a failure is logged (and retried at the next run), never raised."""
    try:
        deleted = await run_in_threadpool(prune, engine, days, tracker_engine)
        if any(deleted.values()):
            logger.info("retention: deleted rows older than %s days: %s", days, deleted)
    except Exception:
        logger.exception("retention: pruning failed")


async def prune_every_day(engine: sa.engine.Engine, days: int, tracker_engine: Optional[sa.engine.Engine]) -> None:
    """Prune once a day, for as long as the gateway runs (it prunes at start itself)."""
    while True:
        await asyncio.sleep(PRUNE_EVERY_SECONDS)
        await prune_logged(engine, days, tracker_engine)
