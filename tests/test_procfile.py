"""The processes `make run` starts (the Procfile, run by rasa_runtime/stack.py) are no doors: Rasa's
HTTP API and REST channel want the token, the action server and Rasa listen on loopback only."""

import socket

import httpx
import pytest


def accepts_connections(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex((host, port)) == 0


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/status"),
        ("GET", "/conversations/wecom-zhangsan/tracker"),
        ("POST", "/model/parse"),
        ("PUT", "/model"),
        ("POST", "/conversations/wecom-zhangsan/tracker/events"),
    ],
)
def test_rasas_http_api_refuses_every_call_without_the_token(bot, method, path):
    response = httpx.request(method, bot.rasa_url + path, json={"text": "你好"}, timeout=30)
    assert response.status_code == 401
    wrong = httpx.request(method, bot.rasa_url + path, params={"token": "wrong"}, json={"text": "你好"}, timeout=30)
    assert wrong.status_code == 401


def test_rasas_rest_channel_refuses_messages_without_the_token(bot):
    message = {"sender": "wecom-zhangsan", "message": "查看政策依据"}
    assert httpx.post(f"{bot.rasa_url}/webhooks/rest/webhook", json=message, timeout=30).status_code == 401
    assert (
        httpx.post(f"{bot.rasa_url}/webhooks/rest/webhook", params={"token": "x"}, json=message, timeout=30).status_code
        == 401
    )
    answered = httpx.post(
        f"{bot.rasa_url}/webhooks/rest/webhook",
        params={"token": bot.rasa_auth_token},
        json={"sender": "procfile-check", "message": "你好"},
        timeout=30,
    )
    assert answered.status_code == 200 and answered.json()


def test_with_the_token_rasa_answers(bot):
    assert httpx.get(f"{bot.rasa_url}/status", params={"token": bot.rasa_auth_token}, timeout=30).status_code == 200


def test_the_action_server_and_rasa_listen_on_127_0_0_1_only(bot):
    # 127.0.0.2 reaches a server bound to 0.0.0.0 (all interfaces) but not one bound to 127.0.0.1
    assert accepts_connections("127.0.0.1", bot.actions_port)
    assert not accepts_connections("127.0.0.2", bot.actions_port)
    assert accepts_connections("127.0.0.1", bot.rasa_port)
    assert not accepts_connections("127.0.0.2", bot.rasa_port)
