"""The cached action-response validation accepts and rejects exactly what Rasa's does."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import rasa_runtime

VALID = {"events": [{"event": "slot", "name": "scenario", "value": "4"}],
         "responses": [{"text": "【第4问】", "buttons": [{"title": "查看政策依据", "payload": "/ask_policy_basis"}]}]}
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


def test_install_replaces_the_method_and_builds_the_validator_once(action):
    rasa_runtime.install()
    try:
        assert RemoteAction._validate_action_result is rasa_runtime.validate_action_result
        action._validate_action_result(VALID)
        action._validate_action_result(VALID)
        assert rasa_runtime.response_validator.cache_info().currsize == 1
    finally:
        RemoteAction._validate_action_result = rasa_runtime.ORIGINAL_VALIDATE
