"""One page of a conversation's history, read from Rasa's tracker store (``TRACKER_DB_URL``) with an
indexed query: the cost of a page does not grow with the conversation. Without the tracker store's
address, the page is cut from Rasa's whole tracker (``GET /conversations/<id>/tracker``), which does.

A cursor is the store's id of the oldest event on a page; the next older page is what lies before it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa

from api.conversation import is_shown
from api.rasa_events import events

SHOWN_TYPES = ("user", "bot")
RESET_TYPE = "restart"  # history starts after the last restart, as Rasa's AFTER_RESTART does
BATCH = 100  # rows read per look-up (a turn is a few rows, some of them markers that are not shown)


@dataclass(frozen=True)
class EventPage:
    """User and bot events, oldest first, and the cursor of the page before them (``None``: none left)."""

    events: List[Dict[str, Any]]
    older: Optional[int]


def page_of(all_events: List[Dict[str, Any]], before: Optional[int], limit: int) -> EventPage:
    """A page of ``limit`` shown messages cut from a whole tracker's events (the cursor is a position
    in the shown messages)."""
    shown = [event for event in all_events if is_shown(event)]
    end = len(shown) if before is None else max(0, min(before, len(shown)))
    start = max(0, end - limit)
    return EventPage(shown[start:end], start if start > 0 else None)


class TrackerStoreHistory:
    """Pages of user and bot events read straight from the tracker store's SQL table."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine

    def page(self, sender_id: str, before: Optional[int], limit: int) -> EventPage:
        """The ``limit`` shown messages before the cursor ``before`` (the latest without one), read
        newest first in batches until there are enough: a few indexed look-ups whatever the length."""
        last_reset = (
            sa.select(sa.func.coalesce(sa.func.max(events.c.id), 0))
            .where(events.c.sender_id == sender_id, events.c.type_name == RESET_TYPE)
            .scalar_subquery()
        )
        found: List[Tuple[int, Dict[str, Any]]] = []
        cursor, more = before, True
        with self.engine.connect() as connection:
            while more and len(found) <= limit:
                query = (
                    sa.select(events.c.id, events.c.data)
                    .where(
                        events.c.sender_id == sender_id, events.c.type_name.in_(SHOWN_TYPES), events.c.id > last_reset
                    )
                    .order_by(events.c.id.desc())
                    .limit(BATCH)
                )
                if cursor is not None:
                    query = query.where(events.c.id < cursor)
                rows = connection.execute(query).all()
                more = len(rows) == BATCH
                for row in rows:
                    event = json.loads(row.data)
                    if is_shown(event):
                        found.append((row.id, event))
                if rows:
                    cursor = rows[-1].id
        page = found[:limit]
        return EventPage([event for _, event in reversed(page)], page[-1][0] if len(found) > limit else None)
