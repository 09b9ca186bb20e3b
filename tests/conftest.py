"""Shared fixtures: a tracker factory for action tests, and the real bot for route and browser tests.

Tests fall into two tiers. Every test that uses one of ``E2E_FIXTURES`` (directly or through another
fixture) is marked ``e2e`` at collection: it needs the trained model and starts the real Rasa server
and action server (or a browser in front of them). Everything else is the fast tier:
``pytest -m "not e2e and not scale"`` (``make test-fast``) runs it with no model.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from api.settings import Settings
from api.web_sessions import COOKIE_NAME, SECURE_COOKIE_NAME, verify
from rasa_runtime.stack import BotStack, running_bot

# Fixtures that start the real bot (BotStack) or a browser in front of it; see each fixture.
E2E_FIXTURES = frozenset({"bot", "own_bot", "scaled_bot", "gateway_url", "gateway_url_without_bot", "browser"})


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    """Mark ``e2e`` every test whose fixtures (with their own fixtures) include one of ``E2E_FIXTURES``."""
    for item in items:
        if E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def no_gateway_settings_from_the_callers_shell() -> Iterator[None]:
    """Tests do not depend on the caller's environment: an operator's shell with WECOM_*,
    TELEGRAM_*, ADMIN_TOKEN or ENVIRONMENT exported (as the README tells them to) runs them the same."""
    with pytest.MonkeyPatch.context() as patch:
        for name in Settings.__fields__:
            patch.delenv(name.upper(), raising=False)
        yield


def build_tracker(
    text: Optional[str] = "",
    intent: Optional[str] = None,
    ranking: Iterable[tuple] = (),
    entities: Iterable[Dict[str, Any]] = (),
    slots: Optional[Dict[str, Any]] = None,
) -> Tracker:
    """A tracker whose latest user message has this text, intent, ranking and entities."""
    ranking_list: List[Dict[str, Any]] = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": ranking_list[0]["confidence"] if ranking_list else 1.0},
        "intent_ranking": ranking_list,
        "entities": list(entities),
    }
    return Tracker(
        sender_id="officer-1",
        slots=slots or {},
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def conversation_of(client: Any, cookie: Optional[str] = None) -> str:
    """The conversation id a gateway client's cookie (or ``cookie``, a cookie value) names, read with the
    gateway's own key."""
    value = cookie if cookie is not None else client.cookies.get(COOKIE_NAME) or client.cookies.get(SECURE_COOKIE_NAME)
    settings = client.app.state.settings
    found = verify(settings.session_secret, value, 10**9, 10**9, time.time())
    assert found is not None, "the cookie does not verify"
    return found[0]


@pytest.fixture
def tracker_for() -> Callable[..., Tracker]:
    """Build a tracker for one user turn: ``tracker_for(text=..., intent=..., ranking=[...])``."""
    return build_tracker


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotStack]:
    """The real Rasa server and action server with the trained model, for the whole session."""
    with running_bot(tmp_path_factory.mktemp("bot-logs")) as stack:
        yield stack
