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


def test_install_replaces_rasas_method(action):
    rasa_runtime.install()
    try:
        assert RemoteAction._validate_action_result is rasa_runtime.validate_action_result
        assert action._validate_action_result(VALID) is True
    finally:
        RemoteAction._validate_action_result = rasa_runtime.ORIGINAL_VALIDATE


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
