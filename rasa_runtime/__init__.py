"""Running Rasa with two measured speed-ups and two safety settings: `python -m rasa_runtime run ...`
is `rasa run ...` with

- the action-response validator built once (below);
- event classes looked up by type name from a table (rasa_runtime/event_types.py);
- the action-server timeout ACTION_TIMEOUT_SECONDS (default 10 s) instead of Rasa's fixed 5 minutes,
  kept shorter than the conversation lock's lifetime (TICKET_LOCK_LIFETIME, default 60 s), so a
  hanging action server cannot hold a conversation past its lock;
- ``--auth-token`` taken from RASA_AUTH_TOKEN when the command line does not give one (so the token
  is not visible in the process list);
- ``PUT /model`` (the admin console's promotion) loading the new model in a worker thread: Rasa 3.6
  loads it inside the server's event loop, so an instance answered nothing while it loaded; here
  it keeps answering from the old model until the new one is ready.

Rasa 3.6 validates every action-server response with ``jsonschema.validate``, which checks the
(constant) response schema against the JSON-Schema meta-schema before every validation. Profiling
`make bench` showed that check taking about 40 % of the Rasa server's CPU per message. Here the
validator is built once and reused: the same schema, the same errors, without the repeated
meta-schema check.
"""

from __future__ import annotations

import asyncio
import os
from functools import lru_cache
from typing import Any, Dict, List, Optional

from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core import lock_store
from rasa.core.actions import action
from rasa.core.actions.action import RemoteAction

from rasa_runtime import event_types

ORIGINAL_VALIDATE = RemoteAction._validate_action_result
DEFAULT_ACTION_TIMEOUT_SECONDS = 10.0


@lru_cache(maxsize=1)
def response_validator() -> Any:
    """A validator for Rasa's action-server response schema, checked and built once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """Rasa's ``_validate_action_result`` with a reused validator (same errors on failure)."""
    if best_match(response_validator().iter_errors(result)) is None:
        return True
    return ORIGINAL_VALIDATE(self, result)  # invalid: Rasa's own code raises its usual error


def action_timeout_seconds() -> float:
    """ACTION_TIMEOUT_SECONDS, refused unless shorter than the lock lifetime."""
    seconds = float(os.environ.get("ACTION_TIMEOUT_SECONDS") or DEFAULT_ACTION_TIMEOUT_SECONDS)
    if not 0 < seconds < lock_store.LOCK_LIFETIME:
        raise ValueError(
            f"ACTION_TIMEOUT_SECONDS={seconds} must be above 0 and below the lock lifetime "
            f"({lock_store.LOCK_LIFETIME} s, TICKET_LOCK_LIFETIME)"
        )
    return seconds


def with_auth_token(argv: List[str]) -> List[str]:
    """``argv`` of ``rasa run`` with ``--auth-token $RASA_AUTH_TOKEN`` added when it has none; an
    HTTP API (``--enable-api``) without any token is refused."""
    given = {argument.split("=")[0] for argument in argv}
    if len(argv) < 2 or argv[1] != "run" or {"--auth-token", "-t", "--jwt-secret"} & given:
        return argv
    token = os.environ.get("RASA_AUTH_TOKEN", "")
    if token:
        return [*argv, f"--auth-token={token}"]  # "=": a token may start with "-"
    if "--enable-api" in argv:
        raise SystemExit("--enable-api without a token: set RASA_AUTH_TOKEN (the gateway sends the same one)")
    return argv


async def load_agent_off_the_event_loop(
    model_path: Optional[str] = None,
    model_server: Any = None,
    remote_storage: Optional[str] = None,
    endpoints: Any = None,
) -> Any:
    """Rasa's own ``_load_agent`` (the same agent, the same errors), run in a worker thread with an
    event loop of its own. Only with an event broker, whose connection would belong to that loop,
    does it run on the server's loop as in stock Rasa."""
    from rasa import server  # imports TensorFlow: only in the Rasa server's process

    original = getattr(server, "stock_load_agent", server._load_agent)
    arguments = (model_path, model_server, remote_storage, endpoints)
    if endpoints is not None and endpoints.event_broker:
        return await original(*arguments)
    return await asyncio.get_running_loop().run_in_executor(None, lambda: asyncio.run(original(*arguments)))


def install() -> None:
    """Replace Rasa's per-call validation and event look-up with the cached ones, set the action
    timeout and load models off the event loop (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result
    event_types.install()
    from rasa import server  # imports TensorFlow: only in the Rasa server's process

    if not hasattr(server, "stock_load_agent"):
        server.stock_load_agent = server._load_agent
    server._load_agent = load_agent_off_the_event_loop
    action.DEFAULT_REQUEST_TIMEOUT = action_timeout_seconds()  # read by RemoteAction.run at each call
