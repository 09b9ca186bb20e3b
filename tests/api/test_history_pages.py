"""History comes a page at a time: the latest messages and a cursor for older ones; read from the
tracker store, a page costs the same at turn 300 as at turn 1."""

import json

import sqlalchemy as sa

from api.history_pages import TrackerStoreHistory, page_of


def tracker_store(tmp_path, turns: int, sender: str = "web-1", restart_after: int = 0) -> sa.engine.Engine:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'rasa.db'}")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id TEXT, "
                "type_name TEXT, timestamp REAL, intent_name TEXT, action_name TEXT, data TEXT)"
            )
        )
        for turn in range(1, turns + 1):
            for type_name, data in (
                ("user", {"event": "user", "text": f"问{turn}"}),
                ("action", {"event": "action", "name": "action_answer_scenario"}),
                ("bot", {"event": "bot", "text": f"答{turn}"}),
            ):
                connection.execute(
                    sa.text("INSERT INTO events (sender_id, type_name, data) VALUES (:s, :t, :d)"),
                    {"s": sender, "t": type_name, "d": json.dumps(data, ensure_ascii=False)},
                )
            if turn == restart_after:
                connection.execute(
                    sa.text("INSERT INTO events (sender_id, type_name, data) VALUES (:s, 'restart', '{}')"),
                    {"s": sender},
                )
    return engine


def texts(page):
    return [event["text"] for event in page.events]


def test_the_latest_page_and_a_cursor_to_the_one_before(tmp_path):
    store = TrackerStoreHistory(tracker_store(tmp_path, turns=300))
    latest = store.page("web-1", before=None, limit=4)
    assert texts(latest) == ["问299", "答299", "问300", "答300"] and latest.older is not None
    before = store.page("web-1", before=latest.older, limit=4)
    assert texts(before) == ["问297", "答297", "问298", "答298"]


def test_the_first_page_has_no_cursor_and_other_conversations_are_not_read(tmp_path):
    engine = tracker_store(tmp_path, turns=2)
    store = TrackerStoreHistory(engine)
    assert store.page("web-1", before=None, limit=10).older is None
    assert store.page("web-2", before=None, limit=10).events == []


def test_history_starts_after_the_last_restart(tmp_path):
    store = TrackerStoreHistory(tracker_store(tmp_path, turns=3, restart_after=2))
    assert texts(store.page("web-1", before=None, limit=10)) == ["问3", "答3"]


def test_a_page_is_cut_from_a_whole_tracker_when_there_is_no_tracker_store():
    events = [
        {"event": "user", "text": "问1"},
        {"event": "action"},
        {"event": "bot", "text": "答1"},
        {"event": "user", "text": "问2"},
        {"event": "bot", "text": "答2"},
    ]
    latest = page_of(events, before=None, limit=2)
    assert texts(latest) == ["问2", "答2"] and latest.older == 2
    assert texts(page_of(events, before=latest.older, limit=2)) == ["问1", "答1"]
    assert page_of(events, before=latest.older, limit=2).older is None


def test_the_history_route_pages_and_refuses_a_silly_page_size(stand_in_client):
    for turn in range(3):
        stand_in_client.post("/api/chat", json={"message": f"居民不开门怎么办{turn}"})
    latest = stand_in_client.get("/api/chat/history", params={"limit": 2}).json()
    assert len(latest["items"]) == 2 and latest["older"] is not None
    older = stand_in_client.get("/api/chat/history", params={"limit": 2, "before": latest["older"]}).json()
    assert older["items"] and older["items"] != latest["items"]
    assert stand_in_client.get("/api/chat/history", params={"limit": 100_000}).status_code == 422
    assert stand_in_client.get("/api/chat/history", params={"before": -1}).status_code == 422


def test_pages_read_from_rasas_own_tracker_store_show_the_conversation_as_rasa_keeps_it(client_with, bot):
    client = client_with(tracker_db_url=f"sqlite:///{bot.log_dir / 'rasa.db'}")
    for question in ("居民不开门怎么办", "说具体点", "下一步"):
        client.post("/api/chat", json={"message": question})
    latest = client.get("/api/chat/history", params={"limit": 2}).json()
    assert [item["role"] for item in latest["items"]] == ["user", "bot"] and latest["items"][0]["text"] == "下一步"
    everything = client.get("/api/chat/history").json()["items"]
    assert [item["text"] for item in everything if item["role"] == "user"] == ["居民不开门怎么办", "说具体点", "下一步"]
