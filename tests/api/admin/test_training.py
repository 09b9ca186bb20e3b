"""Training in the background, the side-by-side figures, promotion (only when not worse) on every Rasa
instance, and rollback. The commands of a run are quick stand-ins here (a file for a model, given
figures); the end-to-end test (tests/web/test_admin_console.py) trains and scores a real model."""

import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from learning.training import RunUnderWay, runs_table
from tests.quick_training import use_quick_plan
from tests.stand_in_bot import stand_in_bot


def finished_run(client, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        runs = client.get("/api/admin/training").json()["runs"]
        if runs and runs[0]["state"] != "running":
            return runs[0]
        time.sleep(0.01)
    raise AssertionError("the run did not finish")


def train(client, **kwargs):
    use_quick_plan(client, **kwargs)
    response = client.post("/api/admin/training", json={})
    assert response.status_code == 202, response.text
    return finished_run(client)


def test_a_run_trains_then_scores_both_models_and_shows_them_side_by_side(signed_in):
    run = train(signed_in, new_figures={"top1": 0.97})
    assert (run["state"], run["stage"], run["started_by"]) == ("ready", "evaluating", "张警官")
    assert run["figures"]["live"]["blind_dev.tsv"]["top1"] == 0.95
    assert run["figures"]["new"]["blind_dev.tsv"]["top1"] == 0.97
    assert run["refusals"] == []
    assert Path(run["model_path"]).read_bytes() == b"new model"


def test_only_one_run_at_a_time(signed_in):
    use_quick_plan(signed_in)
    signed_in.app.state.admin_console.models.runs.start("李教官", "/models/live.tar.gz")  # one under way elsewhere
    response = signed_in.post("/api/admin/training", json={})
    assert response.status_code == 409
    assert "正在进行" in response.json()["message"]


def test_a_run_whose_gateway_stopped_is_marked_failed_and_does_not_block_the_next(signed_in):
    runs = signed_in.app.state.admin_console.models.runs
    stale = runs.start("李教官", "/models/live.tar.gz")
    runs.update(stale)
    with signed_in.app.state.engine.begin() as connection:
        connection.execute(runs_table.update().values(heartbeat_at=datetime.now(timezone.utc) - timedelta(minutes=5)))
    assert train(signed_in)["state"] == "ready"
    assert runs.get(stale).state == "failed"


def test_a_failed_training_says_why_and_promotes_nothing(signed_in):
    run = train(signed_in, fail_training=True)
    assert run["state"] == "failed"
    assert "training failed: no data" in run["message"]
    assert signed_in.post(f"/api/admin/training/{run['id']}/promote", json={}).status_code == 409


def test_a_worse_model_is_refused_with_the_reasons_and_the_refusal_is_audited(signed_in, stand_in):
    flipped = {
        "question": "敲门没人应",
        "expected": "第4问 居民不愿开门",
        "live": "第4问 居民不愿开门",
        "new": "第5问 住户经常不在家",
    }
    run = train(signed_in, new_figures={"answered_wrong": 0.03}, worse=[flipped])
    assert run["refusals"] == ["blind_dev.tsv：答错率 1.0% → 3.0%"]
    assert run["worse_answers"] == [{"set": "blind_dev.tsv", **flipped}]
    assert "重新训练" in signed_in.get("/api/admin/training").json()["next_step"]
    response = signed_in.post(f"/api/admin/training/{run['id']}/promote", json={})
    assert response.status_code == 409
    assert response.json()["reasons"] == run["refusals"]
    assert ("PUT", "/model") not in [(m, p) for m, p, _ in stand_in.calls]
    assert signed_in.get("/api/admin/audit").json()["entries"][0]["action"] == "promote_refused"


def test_promotion_loads_the_model_into_rasa_and_makes_it_what_rasa_starts_with(signed_in, stand_in, console_settings):
    run = train(signed_in, new_figures={"top1": 0.96})
    response = signed_in.post(f"/api/admin/training/{run['id']}/promote", json={})
    assert response.status_code == 200, response.text
    assert stand_in.model_file == run["model_path"]
    assert Path(console_settings["model"]).read_bytes() == b"new model"
    state = signed_in.get("/api/admin/training").json()
    assert state["live"] == {"path": run["model_path"], "run_id": run["id"]}
    assert Path(state["rollback_to"]).read_bytes() == b"the live model"
    assert signed_in.get("/api/admin/audit").json()["entries"][0]["action"] == "promote"


def test_rollback_serves_the_previous_model_again(signed_in, stand_in, console_settings):
    run = train(signed_in)
    signed_in.post(f"/api/admin/training/{run['id']}/promote", json={})
    response = signed_in.post("/api/admin/model/rollback", json={})
    assert response.status_code == 200, response.text
    assert Path(stand_in.model_file).read_bytes() == b"the live model"
    assert Path(console_settings["model"]).read_bytes() == b"the live model"
    assert signed_in.get("/api/admin/training").json()["live"]["run_id"] is None
    assert [e["action"] for e in signed_in.get("/api/admin/audit").json()["entries"][:2]] == ["rollback", "promote"]


def test_nothing_to_roll_back_to_before_any_promotion(signed_in):
    response = signed_in.post("/api/admin/model/rollback", json={})
    assert response.status_code == 409


def test_a_model_trained_against_an_older_live_model_must_be_trained_again(signed_in):
    first = train(signed_in)
    second = train(signed_in)
    assert signed_in.post(f"/api/admin/training/{second['id']}/promote", json={}).status_code == 200
    response = signed_in.post(f"/api/admin/training/{first['id']}/promote", json={})
    assert response.status_code == 409
    assert "重新训练" in response.json()["message"]


@pytest.fixture
def second_instance(stand_in):
    """Another stand-in Rasa instance with the same token."""
    with stand_in_bot() as bot:
        bot.rasa_auth_token = stand_in.rasa_auth_token
        yield bot


@pytest.fixture
def two_instances(console_client_with, stand_in, second_instance):
    """A signed-in console in front of both stand-ins."""
    client = console_client_with(rasa_urls=[stand_in.rasa_url, second_instance.rasa_url])
    client.post("/api/admin/session", json={"name": "张警官", "password": "correct horse battery"})
    return client


def test_every_rasa_instance_gets_the_model(two_instances, stand_in, second_instance):
    run = train(two_instances)
    assert two_instances.post(f"/api/admin/training/{run['id']}/promote", json={}).status_code == 200
    assert stand_in.model_file == second_instance.model_file == run["model_path"]


def test_when_one_instance_refuses_the_others_go_back_and_nothing_changes(
    two_instances, stand_in, second_instance, console_settings
):
    run = train(two_instances)
    second_instance.failing_with = 500
    response = two_instances.post(f"/api/admin/training/{run['id']}/promote", json={})
    assert response.status_code == 502
    assert stand_in.model_file == str(Path(console_settings["model"]).resolve())
    assert Path(console_settings["model"]).read_bytes() == b"the live model"
    assert two_instances.get("/api/admin/training").json()["live"]["run_id"] is None


def test_old_run_models_are_deleted_but_never_the_live_one_or_the_rollback_target(signed_in):
    first = train(signed_in)
    assert signed_in.post(f"/api/admin/training/{first['id']}/promote", json={}).status_code == 200
    later = [train(signed_in) for _ in range(4)]
    models_dir = Path(first["model_path"]).parent
    kept = sorted(path.name for path in models_dir.glob("*.tar.gz"))
    rollback_to = Path(signed_in.get("/api/admin/training").json()["rollback_to"]).name
    assert kept == sorted({"run-1.tar.gz", rollback_to, *(f"run-{run['id']}.tar.gz" for run in later[-3:])})


def promote(client, run):
    response = client.post(f"/api/admin/training/{run['id']}/promote", json={})
    assert response.status_code == 200, response.text


def test_rolling_back_twice_goes_back_two_models_and_never_forward_again(signed_in, stand_in):
    first = train(signed_in)
    promote(signed_in, first)
    second = train(signed_in)
    promote(signed_in, second)
    assert signed_in.post("/api/admin/model/rollback", json={}).status_code == 200
    assert stand_in.model_file == first["model_path"]
    assert signed_in.post("/api/admin/model/rollback", json={}).status_code == 200
    assert Path(stand_in.model_file).read_bytes() == b"the live model"
    assert signed_in.get("/api/admin/training").json()["rollback_to"] is None
    assert signed_in.post("/api/admin/model/rollback", json={}).status_code == 409
    assert Path(stand_in.model_file).read_bytes() == b"the live model"


def test_the_model_rasa_starts_with_is_never_deleted_even_inside_the_models_folder(
    console_client_with, console_settings
):
    client = console_client_with(models_dir=str(Path(console_settings["model"]).parent))
    client.post("/api/admin/session", json={"name": "张警官", "password": "correct horse battery"})
    promote(client, train(client))
    for _ in range(4):
        train(client)
    assert Path(console_settings["model"]).read_bytes() == b"new model"


def test_a_step_past_its_time_limit_is_stopped_and_the_run_says_so(signed_in):
    signed_in.app.state.admin_console.models.plan.step_timeout_seconds = 1.0
    run = train(signed_in, hang=True)
    assert run["state"] == "failed"
    assert "timed out" in run["message"]
    assert signed_in.post("/api/admin/training", json={}).status_code == 202  # the next run may start


def test_two_runs_started_at_the_same_moment_cannot_both_run(signed_in):
    runs = signed_in.app.state.admin_console.models.runs
    results = []

    def start():
        try:
            results.append(runs.start("张警官", "/models/live.tar.gz"))
        except RunUnderWay:
            results.append("busy")

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("busy") == 7


def test_progress_is_told_in_chinese_steps_and_every_output_line_goes_to_the_run_s_log(signed_in):
    from learning.training import milestone

    assert (
        milestone("2026-12-05 INFO rasa.engine.training.hooks - Finished training component 'DIETClassifier'.")
        == "正在训练：DIETClassifier 已完成"
    )
    assert milestone("UserWarning: something in English") is None
    run = train(signed_in)
    log = Path(run["model_path"]).with_name(f"run-{run['id']}.log").read_text(encoding="utf-8")
    assert "Training NLU model..." in log
    assert "Training NLU model" not in run["message"]
