"""Fixtures for route tests: a gateway app in front of the real bot (trained model, the e2e tier), in
front of the stand-in (tests/stand_in_bot.py, the fast tier), or, for a behaviour of the gateway itself
that must hold whatever Rasa answers, both in turn (``gateway``, ``gateway_with``)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, List, Union

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from rasa_runtime.stack import BotStack, free_port
from tests.fake_telegram import FakeBotApi, fake_bot_api
from tests.stand_in_bot import StandInBot, stand_in_bot


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'fengqiao.db'}"


@contextmanager
def gateway_factory(stack: Union[BotStack, StandInBot], db_url: str) -> Iterator[Callable[..., TestClient]]:
    """Build started gateways in front of ``stack`` (extra settings as keywords); all closed at the end."""
    opened: List[TestClient] = []

    def build(**settings: object) -> TestClient:
        app = create_app(
            Settings(
                **{
                    "rasa_url": stack.rasa_url,
                    "action_server_url": stack.action_server_url,
                    "db_url": db_url,
                    "rasa_auth_token": stack.rasa_auth_token,
                    **settings,
                }
            )
        )
        test_client = TestClient(app)
        test_client.__enter__()
        opened.append(test_client)
        return test_client

    try:
        yield build
    finally:
        for test_client in opened:
            test_client.__exit__(None, None, None)
            test_client.app.dependency_overrides.clear()


@pytest.fixture
def client_with(bot: BotStack, db_url: str) -> Iterator[Callable[..., TestClient]]:
    """Build gateways talking to the real Rasa server and action server, with extra settings."""
    with gateway_factory(bot, db_url) as build:
        yield build


@pytest.fixture
def client(client_with: Callable[..., TestClient]) -> TestClient:
    """A gateway talking to the real Rasa server and action server."""
    return client_with()


@pytest.fixture
def client_without_bot(db_url: str) -> Iterator[TestClient]:
    """A gateway whose Rasa server and action server are down (nothing listens on their ports)."""
    settings = Settings(
        rasa_url=f"http://127.0.0.1:{free_port()}",
        action_server_url=f"http://127.0.0.1:{free_port()}/webhook",
        db_url=db_url,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def stand_in() -> Iterator[StandInBot]:
    """The stand-in for Rasa and the action server (fast tier): a few fixed messages, can fail."""
    with stand_in_bot() as bot:
        yield bot


@pytest.fixture
def stand_in_client_with(stand_in: StandInBot, db_url: str) -> Iterator[Callable[..., TestClient]]:
    """Build gateways talking to the stand-in, with extra settings."""
    with gateway_factory(stand_in, db_url) as build:
        yield build


@pytest.fixture
def stand_in_client(stand_in_client_with: Callable[..., TestClient]) -> TestClient:
    """A gateway talking to the stand-in."""
    return stand_in_client_with()


@pytest.fixture(params=["stand-in", pytest.param("real bot", marks=pytest.mark.e2e)])
def gateway_with(request: pytest.FixtureRequest) -> Callable[..., TestClient]:
    """One behaviour of the gateway itself, two runs: builds gateways (extra settings as keywords) in front
    of the stand-in (fast tier) and in front of the real bot (e2e tier), for what must hold whatever Rasa
    answers."""
    return request.getfixturevalue("stand_in_client_with" if request.param == "stand-in" else "client_with")


@pytest.fixture
def gateway(gateway_with: Callable[..., TestClient]) -> TestClient:
    """A gateway in front of the stand-in, then one in front of the real bot (see ``gateway_with``)."""
    return gateway_with()


@pytest.fixture
def telegram_api() -> Iterator[FakeBotApi]:
    """A fake Telegram Bot API on loopback that records every call."""
    with fake_bot_api() as api:
        yield api
