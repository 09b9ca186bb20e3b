"""The cached action-response validation accepts and rejects exactly what Rasa's does; install()
puts the speed-ups in place."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event

import rasa_runtime
from rasa_runtime import event_types

VALID = {
    "events": [{"event": "slot", "name": "scenario", "value": "4"}],
    "responses": [{"text": "【第4问】", "buttons": [{"title": "查看政策依据", "payload": "/ask_policy_basis"}]}],
}
INVALID = {"events": [{"no_event_key": True}], "responses": []}


@pytest.fixture
def action():
    return RemoteAction("action_answer_scenario", None)


def test_a_valid_response_passes_both_validations(action):
    assert rasa_runtime.ORIGINAL_VALIDATE(action, VALID) is True
    assert rasa_runtime.validate_action_result(action, VALID) is True


def test_an_invalid_response_fails_with_rasas_own_error(action):
    with pytest.raises(ValidationError) as original:
        rasa_runtime.ORIGINAL_VALIDATE(action, dict(INVALID))
    with pytest.raises(ValidationError) as cached:
        rasa_runtime.validate_action_result(action, dict(INVALID))
    assert cached.value.message == original.value.message


def test_install_replaces_rasas_methods(action):
    rasa_runtime.install()
    try:
        assert RemoteAction._validate_action_result is rasa_runtime.validate_action_result
        assert action._validate_action_result(VALID) is True
        assert Event.resolve_by_type is event_types.resolve_by_type
    finally:
        RemoteAction._validate_action_result = rasa_runtime.ORIGINAL_VALIDATE
        Event.resolve_by_type = event_types.ORIGINAL_RESOLVE


def test_the_schema_is_checked_against_the_meta_schema_once_for_many_responses(action, monkeypatch):
    checks = []
    real_validator_for = rasa_runtime.validators.validator_for

    def counting_validator_for(schema, *args, **kwargs):
        real = real_validator_for(schema, *args, **kwargs)

        class Counting(real):
            @classmethod
            def check_schema(cls, checked, *args, **kwargs):
                checks.append(checked)
                return real.check_schema(checked, *args, **kwargs)

        return Counting

    monkeypatch.setattr(rasa_runtime.validators, "validator_for", counting_validator_for)
    rasa_runtime.response_validator.cache_clear()
    try:
        for _ in range(3):
            assert rasa_runtime.validate_action_result(action, VALID) is True
        assert len(checks) == 1
    finally:
        rasa_runtime.response_validator.cache_clear()


def test_the_token_comes_from_the_environment_and_an_api_without_one_is_refused(monkeypatch):
    run = ["rasa", "run", "--enable-api", "--port", "5005"]
    monkeypatch.setenv("RASA_AUTH_TOKEN", "-starts-with-a-dash")
    assert rasa_runtime.with_auth_token(run) == [*run, "--auth-token=-starts-with-a-dash"]
    assert rasa_runtime.with_auth_token([*run, "--auth-token=given"]) == [*run, "--auth-token=given"]
    monkeypatch.delenv("RASA_AUTH_TOKEN")
    with pytest.raises(SystemExit, match="RASA_AUTH_TOKEN"):
        rasa_runtime.with_auth_token(run)
    assert rasa_runtime.with_auth_token(["rasa", "run", "actions"]) == ["rasa", "run", "actions"]


def test_the_action_timeout_is_shorter_than_the_conversation_lock(monkeypatch):
    from rasa.core import lock_store
    from rasa.core.actions import action as rasa_action

    monkeypatch.setattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", rasa_action.DEFAULT_REQUEST_TIMEOUT)
    monkeypatch.delenv("ACTION_TIMEOUT_SECONDS", raising=False)
    rasa_runtime.install()
    try:
        assert rasa_action.DEFAULT_REQUEST_TIMEOUT == 10.0 < lock_store.LOCK_LIFETIME
        monkeypatch.setenv("ACTION_TIMEOUT_SECONDS", str(lock_store.LOCK_LIFETIME))
        with pytest.raises(ValueError, match="lock lifetime"):
            rasa_runtime.install()
    finally:
        RemoteAction._validate_action_result = rasa_runtime.ORIGINAL_VALIDATE


def test_a_hanging_action_server_fails_the_action_within_the_timeout(monkeypatch):
    """Rasa's own RemoteAction against a server that never answers gives up after ACTION_TIMEOUT_SECONDS
    (Rasa then logs the failure and the turn ends without that action's messages)."""
    import asyncio
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from rasa.core.actions import action as rasa_action
    from rasa.core.channels import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    release = threading.Event()

    class Hanging(BaseHTTPRequestHandler):
        def do_POST(self):
            release.wait(30)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hanging)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", rasa_action.DEFAULT_REQUEST_TIMEOUT)
    monkeypatch.setenv("ACTION_TIMEOUT_SECONDS", "1")
    rasa_runtime.install()
    try:
        remote = RemoteAction(
            "action_answer_scenario", EndpointConfig(f"http://127.0.0.1:{server.server_address[1]}/webhook")
        )
        domain = Domain.empty()
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError) as failed:
            asyncio.run(
                remote.run(
                    CollectingOutputChannel(),
                    TemplatedNaturalLanguageGenerator(domain.responses),
                    DialogueStateTracker("hang", []),
                    domain,
                )
            )
        assert time.monotonic() - started < 5, failed.value
    finally:
        release.set()
        server.shutdown()
        RemoteAction._validate_action_result = rasa_runtime.ORIGINAL_VALIDATE
