"""Conversations survive restarts of Rasa, the action server and the gateway; outages give a clear
"temporarily unavailable" and service resumes by itself."""

import json
from typing import Iterator

import pytest
import sqlalchemy as sa

from api.web_sessions import COOKIE_NAME
from rasa_runtime.stack import BotStack, running_bot
from tests.api.conftest import gateway_factory
from tests.conftest import conversation_of

SESSION_SECRET = "s" * 40  # the operator's SESSION_SECRET, the same for every gateway process


@pytest.fixture(scope="module")
def own_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotStack]:
    """A bot of this module's own: these tests stop and restart its processes."""
    with running_bot(tmp_path_factory.mktemp("durable-bot")) as stack:
        yield stack


@pytest.fixture
def gateway_for(own_bot: BotStack, db_url: str):
    """Gateways in front of this module's bot, sharing one database (like restarted processes)."""
    with gateway_factory(own_bot, db_url) as build:
        yield lambda: build(bot_timeout_seconds=30, session_secret=SESSION_SECRET)


def say(client, message):
    return client.post("/api/chat", json={"message": message})


def test_a_conversation_continues_after_rasa_restarts(own_bot, gateway_for):
    gateway = gateway_for()
    assert say(gateway, "居民不开门怎么办").json()["scenario"]["id"] == 4
    own_bot.stop("rasa")
    assert say(gateway, "查看政策依据").status_code == 503
    own_bot.start_rasa()
    answer = say(gateway, "查看政策依据").json()
    assert "（第4问）" in answer["messages"][0]["text"]


def test_the_action_server_down_gives_503_and_the_conversation_resumes_when_it_is_back(own_bot, gateway_for):
    gateway = gateway_for()
    say(gateway, "调解时当事人蛮不讲理咋整")
    own_bot.stop("actions")
    down = say(gateway, "居民不开门怎么办")
    assert down.status_code == 503 and down.json()["error"] == "bot_unavailable"
    own_bot.start_actions()
    assert say(gateway, "居民不开门怎么办").json()["scenario"]["id"] == 4
    assert "（第4问）" in say(gateway, "查看政策依据").json()["messages"][0]["text"]


def test_a_new_gateway_process_continues_the_same_conversation_and_history(gateway_for):
    first = gateway_for()
    say(first, "居民不开门怎么办")
    second = gateway_for()  # the same browser, its cookie, a restarted gateway
    copied = {"Cookie": f"{COOKIE_NAME}={first.cookies[COOKIE_NAME]}"}
    history = second.get("/api/chat/history", headers=copied).json()["items"]  # renews the cookie in second's jar
    assert [item["role"] for item in history] == ["user", "bot"]
    assert "（第4问）" in say(second, "查看政策依据").json()["messages"][0]["text"]


def test_conversations_are_kept_in_the_sql_tracker_store(own_bot, gateway_for):
    gateway = gateway_for()
    for message in ("居民不开门怎么办", "/scenario_05", "查看政策依据"):
        assert say(gateway, message).status_code == 200
    conversation = conversation_of(gateway)
    tracker_store = sa.create_engine(f"sqlite:///{own_bot.log_dir / 'rasa.db'}")  # the stack's TRACKER_DB_URL
    with tracker_store.connect() as connection:
        stored = (
            connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user' ORDER BY id"),
                {"sender": conversation},
            )
            .scalars()
            .all()
        )
    tracker_store.dispose()
    assert [json.loads(data)["text"] for data in stored] == ["居民不开门怎么办", "/scenario_05", "查看政策依据"]


def test_a_backup_restored_after_the_data_is_wiped_continues_the_same_conversation(
    own_bot, gateway_for, db_url, tmp_path
):
    import shutil

    from api.backup import create_backup, restore_backup
    from api.settings import Settings
    from rasa_runtime.stack import MODEL

    gateway = gateway_for()
    assert say(gateway, "居民不开门怎么办").json()["scenario"]["id"] == 4
    tracker_db = own_bot.log_dir / "rasa.db"
    shutil.copyfile(MODEL, tmp_path / "fengqiao.tar.gz")
    settings = Settings(
        db_url=db_url,
        tracker_db_url=f"sqlite:///{tracker_db}",
        model=str(tmp_path / "fengqiao.tar.gz"),
        models_dir=str(tmp_path / "station"),
        reviewed_nlu_file=str(tmp_path / "reviewed.yml"),
    )
    archive = create_backup(settings, tmp_path / "backups")
    own_bot.stop("rasa")
    for url, table in ((f"sqlite:///{tracker_db}", "events"), (db_url, "question_log")):  # the data lost
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text(f"DELETE FROM {table}"))
        engine.dispose()
    restore_backup(archive, settings)
    own_bot.start_rasa()
    assert "（第4问）" in say(gateway, "查看政策依据").json()["messages"][0]["text"]
    engine = sa.create_engine(db_url)
    with engine.connect() as connection:
        assert "居民不开门怎么办" in connection.execute(sa.text("SELECT text FROM question_log")).scalars().all()
    engine.dispose()
