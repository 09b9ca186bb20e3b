"""PUT /model on the real Rasa server: the new model loads in a worker thread, so the server keeps
answering meanwhile (stock Rasa 3.6 loads it inside its event loop and answers nothing until done)."""

import threading
import time

import httpx

from rasa_runtime.stack import MODEL


def test_rasa_keeps_answering_chat_turns_while_it_loads_a_model(bot):
    params = {"token": bot.rasa_auth_token}
    turns = []  # (started, seconds)
    stop = threading.Event()

    def officer() -> None:
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                started = time.monotonic()
                response = client.post(
                    f"{bot.rasa_url}/webhooks/rest/webhook",
                    params=params,
                    json={"sender": "model-loading", "message": "居民不开门怎么办"},
                )
                assert response.status_code == 200
                turns.append((started, time.monotonic() - started))

    thread = threading.Thread(target=officer)
    thread.start()
    time.sleep(1.5)  # the conversation is warm before the load starts
    load_started = time.monotonic()
    response = httpx.put(f"{bot.rasa_url}/model", params=params, json={"model_file": str(MODEL)}, timeout=120)
    load_seconds = time.monotonic() - load_started
    stop.set()
    thread.join()
    assert response.status_code == 204, response.text
    during = [
        seconds
        for started, seconds in turns
        if load_started <= started and started + seconds <= load_started + load_seconds
    ]
    assert len(during) >= 3, (load_seconds, during)  # blocked, no turn would both start and end inside the load
    assert max(during) < load_seconds / 2


def test_a_missing_model_file_is_refused_and_the_old_model_stays(bot):
    params = {"token": bot.rasa_auth_token}
    missing = httpx.put(f"{bot.rasa_url}/model", params=params, json={"model_file": "/nowhere.tar.gz"}, timeout=30)
    assert missing.status_code == 400
    assert httpx.get(f"{bot.rasa_url}/status", params=params, timeout=30).json()["model_file"] == MODEL.name
