"""A SQL tracker store whose per-message work does not grow with the conversation.

Rasa's ``SQLTrackerStore`` loads, deserialises and replays every event of the current session at
each message, counts them all again to find what to save, and the processor then sends the whole
tracker to the action server. Our rules look at the last two or three turns only. This store
keeps Rasa's table and rows unchanged and:

- ``retrieve`` (what a message is processed with) loads the last ``recent_events`` events of the
  current session, starting at an ``action_listen``, plus the stored ``SlotSet`` events that give
  each slot (and the active loop) its value at that point: a few indexed look-ups, whatever the
  length of the session;
- ``save`` appends exactly the events added since the tracker was loaded;
- ``retrieve_full_tracker`` (Rasa's ``GET /conversations/<id>/tracker``, the gateway's history)
  is Rasa's own: every event of every session;
- the statements are built once (bound parameters), and a SQLite file keeps its connection open
  between messages (a pool, as SQLAlchemy 2 does by default) instead of SQLAlchemy 1.4's
  connection per session, whose opening and closing (a WAL checkpoint each time) cost more than
  the queries.

Use it in endpoints: ``tracker_store: type: rasa_runtime.tracker_store.RecentEventsTrackerStore``
with ``url`` (a SQLAlchemy URL) and optionally ``recent_events`` (default 60, about ten turns).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.pool import NullPool, QueuePool

DEFAULT_RECENT_EVENTS = 60
RESETS = (SessionStarted.type_name, Restarted.type_name, AllSlotsReset.type_name)
# Indexes this store's queries need (Rasa's table has one on sender_id only), on SQLite and
# PostgreSQL: the recent rows of a conversation, and the latest event of a given type and name
# (a slot's name; resets have none).
INDEXES = {
    "ix_events_sender_id_id": "sender_id, id",
    "ix_events_sender_id_type_name": "sender_id, type_name, action_name, id",
}


class StoredTracker(DialogueStateTracker):
    """A tracker that knows how many of its events are already stored (the rest are new)."""

    stored_event_count: int = 0

    def new_events(self) -> List[Event]:
        """The events added since the tracker was loaded or last saved."""
        return list(self.events)[self.stored_event_count :]


class RecentEventsTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that loads only the recent part of a session and appends new events."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        recent_events: int = DEFAULT_RECENT_EVENTS,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain=domain, host=host, **kwargs)
        self.recent_events = int(recent_events)
        if self.recent_events < 1:
            raise ValueError("recent_events must be at least 1")
        if isinstance(self.engine.pool, NullPool):  # a SQLite file under SQLAlchemy 1.4
            self.engine.dispose()
            self.engine = sa.create_engine(
                self.engine.url, poolclass=QueuePool, connect_args={"check_same_thread": False}
            )
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        with self.engine.begin() as connection:
            for name, columns in INDEXES.items():
                connection.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns})"))
        self._recent_query = self._recent_statement()
        self._resets_query = self._resets_statement()
        self._state_query: Tuple[Optional[Domain], Any] = (None, None)  # built for the current domain

    def init_tracker(self, sender_id: str) -> StoredTracker:
        """A new, empty tracker (nothing stored yet)."""
        return StoredTracker(sender_id, self.domain.slots, max_event_history=self.max_event_history)

    async def retrieve(self, sender_id: str) -> Optional[StoredTracker]:
        """The recent part of the current session, with the slot values it starts from."""
        with self.session_scope() as session:
            rows = self._recent_rows(session, sender_id)
            window = current_session(rows)
            truncated = len(rows) == self.recent_events and len(window) == len(rows)
            if truncated:
                window = from_listen(window)
                rows_before = self._state_before(session, sender_id, window[0].id)
            else:
                rows_before = []
        if not self.domain or not window:
            return None
        events = [json.loads(row.data) for row in rows_before + window]
        tracker = StoredTracker.from_dict(sender_id, events, self.domain.slots)
        tracker.stored_event_count = len(tracker.events)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's new events; a tracker this store did not load is saved as Rasa does."""
        if not isinstance(tracker, StoredTracker):
            await super().save(tracker)
            return
        new_events = tracker.new_events()
        if self.event_broker:
            await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)
        with self.session_scope() as session:
            session.add_all(self._row(tracker.sender_id, event) for event in new_events)
            session.commit()
        tracker.stored_event_count = len(tracker.events)

    def _recent_statement(self) -> Any:
        """The conversation's last ``recent_events`` rows, newest first (parameter: ``sender_id``)."""
        events = self.SQLEvent.__table__
        return (
            sa.select(events.c.id, events.c.type_name, events.c.timestamp, events.c.action_name, events.c.data)
            .where(events.c.sender_id == sa.bindparam("sender_id"))
            .order_by(events.c.id.desc())
            .limit(self.recent_events)
        )

    def _latest(self, type_name: str, name: Optional[str], after: Any = -1) -> Any:
        """The id of the session's latest event of a type and name (``None``: unnamed) before the
        ``before_id`` parameter and after ``after``: an index seek, whatever the session's length."""
        events = self.SQLEvent.__table__
        named = events.c.action_name.is_(None) if name is None else events.c.action_name == name
        return (
            sa.select(sa.func.max(events.c.id))
            .where(
                events.c.sender_id == sa.bindparam("sender_id"),
                events.c.type_name == type_name,
                named,
                events.c.id < sa.bindparam("before_id"),
                events.c.id > after,
            )
            .scalar_subquery()
        )

    def _resets_statement(self) -> Any:
        """The ids of the session's last session start, restart and slot reset before ``before_id``."""
        return sa.select(*(self._latest(type_name, None) for type_name in RESETS))

    def _state_statement(self) -> Any:
        """The rows of each slot's latest ``SlotSet`` (and each loop's latest ``ActiveLoop``) between
        ``after_id`` and ``before_id``; built once per domain (Rasa sets the domain after start)."""
        domain, statement = self._state_query
        if domain is self.domain:
            return statement
        after = sa.bindparam("after_id")
        latest_ids = [self._latest(SlotSet.type_name, slot.name, after) for slot in self.domain.slots]
        if self.domain.form_names:
            latest_ids += [self._latest(ActiveLoop.type_name, name, after) for name in [*self.domain.form_names, None]]
        events = self.SQLEvent.__table__
        statement = (
            sa.select(events.c.id, events.c.type_name, events.c.timestamp, events.c.action_name, events.c.data)
            .where(events.c.id.in_(latest_ids))
            .order_by(events.c.id)
        )
        self._state_query = (self.domain, statement)
        return statement

    def _recent_rows(self, session: Any, sender_id: str) -> List[Any]:
        """The conversation's last ``recent_events`` rows, oldest first."""
        return list(reversed(session.execute(self._recent_query, {"sender_id": sender_id}).all()))

    def _state_before(self, session: Any, sender_id: str, before_id: int) -> List[Any]:
        """The last ``SlotSet`` of each slot and the last ``ActiveLoop`` of the session before
        ``before_id``: the session's last reset before the window, then each slot's (and loop's)
        latest event after it. Two statements of index seeks."""
        resets = session.execute(self._resets_query, {"sender_id": sender_id, "before_id": before_id}).one()
        last_reset = max((row_id for row_id in resets if row_id is not None), default=-1)
        return session.execute(
            self._state_statement(), {"sender_id": sender_id, "before_id": before_id, "after_id": last_reset}
        ).all()

    def _row(self, sender_id: str, event: Event) -> Any:
        """The table row of one event, filled as Rasa's own store fills it."""
        data: Dict[str, Any] = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )


def current_session(rows: Sequence[Any]) -> List[Any]:
    """The rows of the latest session, as Rasa selects them (from its ``SessionStarted`` timestamp on)."""
    starts = [row for row in rows if row.type_name == SessionStarted.type_name]
    if not starts:
        return list(rows)
    started = starts[-1].timestamp
    return [row for row in rows if row.timestamp is not None and row.timestamp >= started]


def from_listen(rows: Sequence[Any]) -> List[Any]:
    """The rows from the first ``action_listen`` on, so the window starts between two turns."""
    for index, row in enumerate(rows):
        if row.type_name == ActionExecuted.type_name and row.action_name == ACTION_LISTEN_NAME:
            return list(rows[index:])
    return list(rows)
