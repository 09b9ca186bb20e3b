"""The recent-events tracker store: bounded loading, exact saving, complete history.

Each test drives the store as Rasa's processor does (retrieve, add a turn's events, save) on a
SQLite file with the project's real domain, and compares with Rasa's own SQLTrackerStore reading
the same file.
"""

from __future__ import annotations

import asyncio
from itertools import dropwhile
from pathlib import Path
from typing import List

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, SlotSet, UserUttered

from rasa_runtime.tracker_store import RecentEventsTrackerStore, StoredTracker

ROOT = Path(__file__).resolve().parents[2]
RECENT = 30
SENDER = "officer-1"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'rasa.db'}"


@pytest.fixture
def store(domain: Domain, db_url: str) -> RecentEventsTrackerStore:
    return RecentEventsTrackerStore(domain=domain, host=db_url, recent_events=RECENT)


@pytest.fixture
def rasas_store(domain: Domain, db_url: str, store: RecentEventsTrackerStore) -> SQLTrackerStore:
    return SQLTrackerStore(domain=domain, host=db_url)


def session_start() -> List[Event]:
    return [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]


def turn(number: int) -> List[Event]:
    """One answered question: the user message, the answer action, its slot and reply, listening."""
    scenario = number % 30 + 1
    intent = f"scenario_{scenario:02d}"
    return [
        UserUttered(f"问题 {number}", {"name": intent, "confidence": 0.9}),
        ActionExecuted("action_answer_scenario"),
        SlotSet("scenario", str(scenario)),
        BotUttered(f"答案 {number}"),
        ActionExecuted("action_listen"),
    ]


def process(store: RecentEventsTrackerStore, events: List[Event]) -> StoredTracker:
    """One message as Rasa handles it: load the conversation, add the events, save."""

    async def run() -> StoredTracker:
        tracker = await store.get_or_create_tracker(SENDER, append_action_listen=False)
        tracker.update_with_events(events, store.domain)
        await store.save(tracker)
        return tracker

    return asyncio.run(run())


def converse(store: RecentEventsTrackerStore, turns: int, first: int = 0) -> None:
    for number in range(first, first + turns):
        process(store, turn(number))


def stored_events(store: SQLTrackerStore) -> List[dict]:
    tracker = asyncio.run(store.retrieve_full_tracker(SENDER))
    return [event.as_dict() for event in tracker.events] if tracker else []


def test_a_300_turn_conversation_is_loaded_as_a_bounded_number_of_events(store, domain):
    process(store, session_start() + [SlotSet("topic_group", "mediation")])
    converse(store, 300)
    tracker = asyncio.run(store.retrieve(SENDER))
    assert len(tracker.events) <= RECENT + len(domain.slots) + 1
    assert len(stored_events(store)) > 1500


def test_the_recent_events_are_the_sessions_last_ones_starting_between_two_turns(store, rasas_store):
    process(store, session_start())
    converse(store, 50)
    ours = asyncio.run(store.retrieve(SENDER))
    full = asyncio.run(rasas_store.retrieve(SENDER))
    assert list(ours.events)[-10:] == list(full.events)[-10:]
    window = list(dropwhile(lambda event: isinstance(event, SlotSet), ours.events))
    assert window[0] == ActionExecuted("action_listen")
    assert RECENT - 5 < len(window) <= RECENT
    assert ours.latest_message.text == full.latest_message.text == "问题 49"


def test_slots_set_long_before_the_recent_events_keep_their_values(store, rasas_store):
    process(store, session_start() + [SlotSet("topic_group", "mediation"), SlotSet("suggested_scenarios", ["4", "5"])])
    converse(store, 100)
    ours = asyncio.run(store.retrieve(SENDER))
    assert ours.get_slot("topic_group") == "mediation"
    assert ours.get_slot("suggested_scenarios") == ["4", "5"]
    assert ours.get_slot("scenario") == str(99 % 30 + 1)
    assert ours.current_slot_values() == asyncio.run(rasas_store.retrieve(SENDER)).current_slot_values()


def test_saving_after_a_truncated_load_stores_exactly_the_new_events(store):
    process(store, session_start())
    converse(store, 80)
    before = stored_events(store)
    new = turn(80)
    tracker = process(store, new)
    after = stored_events(store)
    assert after[: len(before)] == before
    assert after[len(before) :] == [event.as_dict() for event in new]
    assert tracker.new_events() == []


def test_a_tracker_saved_twice_stores_its_events_once(store):
    process(store, session_start())
    converse(store, 40)
    tracker = asyncio.run(store.retrieve(SENDER))
    tracker.update_with_events(turn(40), store.domain)
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))
    assert len(stored_events(store)) == 3 + 41 * 5


def test_the_full_tracker_holds_every_event_of_every_session(store):
    process(store, session_start())
    converse(store, 70)
    process(store, session_start())
    converse(store, 70, first=70)
    events = stored_events(store)
    assert len(events) == 2 * (3 + 70 * 5)
    assert [e["text"] for e in events if e["event"] == "user"] == [f"问题 {n}" for n in range(140)]


def test_a_new_session_starts_clean_after_a_long_one(store, rasas_store):
    process(store, session_start() + [SlotSet("topic_group", "mediation")])
    converse(store, 70)
    process(store, session_start())
    converse(store, 2, first=70)
    ours = asyncio.run(store.retrieve(SENDER))
    rasas = asyncio.run(rasas_store.retrieve(SENDER))
    assert list(ours.events) == list(rasas.events)
    assert ours.get_slot("topic_group") is None


def test_a_new_conversation_is_created_empty_and_stored_from_its_first_event(store):
    assert asyncio.run(store.retrieve(SENDER)) is None
    process(store, session_start() + turn(0))
    assert len(stored_events(store)) == 3 + 5


def test_a_tracker_this_store_did_not_load_is_saved_as_rasa_saves_it(store, domain):
    process(store, session_start())
    converse(store, 3)
    replayed = asyncio.run(SQLTrackerStore(domain=domain, host=str(store.engine.url)).retrieve(SENDER))
    replayed.update_with_events(turn(3), domain)
    asyncio.run(store.save(replayed))
    assert len(stored_events(store)) == 3 + 4 * 5


def test_messages_reuse_the_sqlite_connection_the_store_opened_at_start(store):
    """Opening a SQLite connection per session (and closing it, a WAL checkpoint) cost more than the queries."""
    opened = []
    sa.event.listen(store.engine, "connect", lambda *_: opened.append(1))
    process(store, session_start())
    converse(store, 70)
    assert opened == []
