"""The tests pass in an operator's shell: with the gateway's settings exported (as the README tells
an operator to do), the suite runs exactly as in a clean environment."""

import os
import re
import subprocess
import sys

import pytest

from rasa_runtime.stack import ROOT

pytestmark = pytest.mark.e2e  # the tests it runs in a subprocess start the real bot

OPERATOR_SHELL = {
    "ENVIRONMENT": "production",
    "SESSION_SECRET": "s" * 40,
    "RASA_AUTH_TOKEN": "r" * 40,
    "STATS_TOKENS": '["monitoring:' + "a" * 40 + '"]',
    "WECOM_TOKEN": "QDG6eK",
    "WECOM_ENCODING_AES_KEY": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    "WECOM_CORP_ID": "wx5823bf96d3bd56c7",
    "TELEGRAM_BOT_TOKEN": "123:operator",
    "TELEGRAM_SECRET_TOKEN": "t" * 20,
    "TELEGRAM_ALLOWED_CHAT_IDS": "[1]",
    "MAX_BODY_BYTES": "10",
    "DOCS_ENABLED": "false",
}
TESTS = [
    "tests/api/bridges/test_wecom.py::test_without_wecom_settings_the_route_is_404",
    "tests/api/bridges/test_telegram.py::test_without_a_bot_token_the_route_is_404",
    "tests/api/test_question_log.py::test_without_stats_tokens_configured_stats_are_closed_to_every_bearer",
    "tests/api/test_hygiene.py::test_docs_are_on_in_development_and_can_be_switched_off",
    "tests/api/test_limits.py::test_a_body_within_the_limit_is_served",
    "tests/api/test_web_sessions.py::test_in_development_a_random_secret_is_made_with_a_warning",
]


def test_gateway_settings_exported_in_the_shell_change_no_test_outcome(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:warnings", *TESTS],
        cwd=ROOT,
        env={**os.environ, **OPERATOR_SHELL},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    passed = re.search(r"(\d+) passed", result.stdout)
    assert passed is not None and int(passed.group(1)) >= len(TESTS)  # a test of both bots passes twice
    assert "skipped" not in result.stdout and "deselected" not in result.stdout
