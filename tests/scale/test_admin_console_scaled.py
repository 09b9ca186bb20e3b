"""The trainers' console in the scale-out layout: its data in PostgreSQL, a promotion and a rollback
reach both Rasa instances, and both keep answering."""

import shutil
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from api.admin.accounts import hash_password
from api.main import create_app
from api.settings import Settings
from rasa_runtime.stack import MODEL
from tests.quick_training import use_quick_plan

pytestmark = pytest.mark.scale
PASSWORD = "station trainer 2026"


def served_model(scaled_bot, url):
    """The file name of the model an instance serves (Rasa's /status names no folder)."""
    return httpx.get(f"{url}/status", params={"token": scaled_bot.actions.rasa_auth_token}, timeout=30).json()[
        "model_file"
    ]


def test_promotion_and_rollback_reach_every_instance_and_the_console_keeps_its_data_in_postgresql(scaled_bot):
    live = scaled_bot.work / "console" / "fengqiao.tar.gz"
    live.parent.mkdir()
    shutil.copyfile(MODEL, live)
    settings = Settings(
        rasa_urls=scaled_bot.rasa_urls,
        action_server_url=scaled_bot.action_server_url,
        db_url=scaled_bot.actions.env["TRACKER_DB_URL"],
        rasa_auth_token=scaled_bot.actions.rasa_auth_token,
        admin_console=True,
        admin_accounts=[f"王教官:{hash_password(PASSWORD, iterations=1000)}"],
        model=str(live),
        models_dir=str(live.parent / "station"),
        reviewed_nlu_file=str(live.parent / "reviewed.yml"),
    )
    with TestClient(create_app(settings)) as client:
        assert client.post("/api/admin/session", json={"name": "王教官", "password": PASSWORD}).status_code == 200
        client.app.state.questions.record("web", "web-1", "out_of_scope", "附近哪家奶茶店好喝")
        assert (
            client.post(
                "/api/admin/decisions", json={"question": "附近哪家奶茶店好喝", "decision": "out_of_scope"}
            ).status_code
            == 201
        )
        use_quick_plan(client, copy_of=MODEL)  # a real model file each instance can load
        run_id = client.post("/api/admin/training", json={}).json()["run_id"]
        deadline = time.monotonic() + 60
        while client.get("/api/admin/training").json()["runs"][0]["state"] == "running" and time.monotonic() < deadline:
            time.sleep(0.2)

        promoted = client.post(f"/api/admin/training/{run_id}/promote", json={})
        assert promoted.status_code == 200, promoted.text
        run_model = Path(promoted.json()["live"]["path"]).name
        assert [served_model(scaled_bot, url) for url in scaled_bot.rasa_urls] == [run_model, run_model]
        for url in scaled_bot.rasa_urls:  # both answer on the new model at once
            reply = httpx.post(
                f"{url}/webhooks/rest/webhook",
                params={"token": scaled_bot.actions.rasa_auth_token},
                json={"sender": "scale-console", "message": "居民不开门怎么办"},
                timeout=30,
            ).json()
            assert reply[0]["text"].startswith("【第4问】")

        assert client.post("/api/admin/model/rollback", json={}).status_code == 200
        previous = Path(client.get("/api/admin/training").json()["live"]["path"]).name
        assert [served_model(scaled_bot, url) for url in scaled_bot.rasa_urls] == [previous, previous]
        assert previous != run_model

    engine = sa.create_engine(settings.db_url)
    with engine.connect() as connection:
        actions = [row.action for row in connection.execute(sa.text("select action from admin_audit order by id"))]
        assert engine.dialect.name == "postgresql"
    engine.dispose()
    assert actions == ["sign_in", "assign", "train", "promote", "rollback"]
