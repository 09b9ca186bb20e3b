"""A stand-in for the Rasa server and the action server, for router tests of the fast tier.

It listens on loopback and answers the HTTP calls the gateway makes, in Rasa's own shapes: the REST
channel (``POST /webhooks/rest/webhook``, with rasa_runtime/channels.py's report of what a typed message
was understood as), ``POST /model/parse``, ``GET /conversations/<id>/tracker``
``GET /status`` and ``PUT /model`` (which "loads" any existing file) behind ``?token=``, and the action
server's ``GET /health``. It knows a few fixed
messages (``UNDERSTOOD``), button payloads and nothing else; its replies are built by the real
``actions.replies`` and ``domain.yml``, so they read like the bot's. It can be stopped and started on
the same port (``down``/``up``), be slow (``delay_seconds``), answer with an HTTP error
(``failing_with``) or lose its action server (``actions_up``).

It is a test double for the gateway's routers only: whether the bot understands a question is the
end-to-end tier's business (tests/api/test_*.py against the real bot, rasa_runtime/stack.py).
"""

from __future__ import annotations

import json
import secrets
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from actions import replies
from actions.boundary_actions import described_visit_scenario
from guide import protocol
from guide.boundaries import EMERGENCY, POLICE_PROCEDURE, boundaries
from guide.policy_basis import reviewed_policy_basis
from guide.scenarios import field_guide, scenario_intent
from rasa_runtime.stack import ROOT

MODEL_FILE = "stand-in.tar.gz"


@dataclass(frozen=True)
class Understood:
    """What the stand-in "understands" of one fixed message: the final intent and the ranking."""

    intent: str
    confidence: float
    ranking: Tuple[Tuple[str, float], ...]


UNDERSTOOD: Dict[str, Understood] = {
    "居民不开门怎么办": Understood(
        scenario_intent(4),
        0.93,
        (
            (scenario_intent(4), 0.93),
            (scenario_intent(5), 0.03),
            (scenario_intent(17), 0.02),
            (scenario_intent(19), 0.01),
            (protocol.OUT_OF_SCOPE, 0.005),
            (scenario_intent(1), 0.005),
        ),
    ),
    "调解时当事人蛮不讲理咋整": Understood(
        scenario_intent(21),
        0.99,
        ((scenario_intent(21), 0.99), (scenario_intent(22), 0.005), (scenario_intent(23), 0.005)),
    ),
    "走访中遇到的事情": Understood(
        protocol.NLU_FALLBACK,
        0.7,
        ((protocol.NLU_FALLBACK, 0.7), (scenario_intent(1), 0.3), (scenario_intent(4), 0.2), (scenario_intent(2), 0.1)),
    ),
    "查看政策依据": Understood(protocol.ASK_POLICY_BASIS, 0.99, ((protocol.ASK_POLICY_BASIS, 0.99),)),
    "你好": Understood(protocol.GREET, 0.98, ((protocol.GREET, 0.98), (protocol.OUT_OF_SCOPE, 0.02))),
    "屋里有煤气味没人应": Understood(
        EMERGENCY, 1.0, ((EMERGENCY, 1.0), (scenario_intent(4), 0.6), (scenario_intent(5), 0.1))
    ),
    "嫌疑人拒绝签笔录怎么办": Understood(POLICE_PROCEDURE, 0.9, ((POLICE_PROCEDURE, 0.9), (scenario_intent(8), 0.05))),
    "今天天气怎么样": Understood(
        protocol.OUT_OF_SCOPE, 0.95, ((protocol.OUT_OF_SCOPE, 0.95), (protocol.GREET, 0.03), (scenario_intent(4), 0.02))
    ),
}
NOT_UNDERSTOOD = Understood(protocol.OUT_OF_SCOPE, 0.8, ((protocol.OUT_OF_SCOPE, 0.8),))


@lru_cache(maxsize=None)
def domain_response(name: str) -> replies.Message:
    """A response of ``domain.yml`` as the REST channel sends it (first variant)."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    response = domain["responses"][name][0]
    return {"text": response["text"], "buttons": response.get("buttons") or []}


class _Server(ThreadingHTTPServer):
    errors: List[str]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A gateway that gave up on a slow answer closed the connection: no error. Anything else is
        a fault of the stand-in, kept in ``StandInBot.errors`` (the fixture fails the test on it)."""
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            self.errors.append(repr(error))
            super().handle_error(request, client_address)


class StandInBot:
    """The stand-in's state: its conversations, the calls it got, and how it misbehaves."""

    def __init__(self) -> None:
        self.rasa_auth_token = secrets.token_urlsafe(16)
        self.lock = threading.Lock()
        self.conversations: Dict[str, List[Dict[str, Any]]] = {}
        self.calls: List[Tuple[str, str, Dict[str, Any]]] = []  # (method, path without query, JSON body)
        self.delay_seconds = 0.0
        self.failing_with: Optional[int] = None  # an HTTP status every Rasa call answers with
        self.actions_up = True
        self.errors: List[str] = []  # exceptions inside the stand-in itself
        self.port = 0
        self.model_file = MODEL_FILE  # what PUT /model last loaded
        self.server: Optional[ThreadingHTTPServer] = None

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def action_server_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"

    def up(self) -> None:
        """Listen (again, on the same port after :meth:`down`)."""
        self.server = _Server(("127.0.0.1", self.port), _handler_for(self))
        self.server.errors = self.errors
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def down(self) -> None:
        """Stop listening: connections are refused, as when the processes are stopped."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def paths(self, method: Optional[str] = None) -> List[str]:
        """The paths called so far (of one method)."""
        with self.lock:
            return [path for called, path, _ in self.calls if method in (None, called)]

    def sent(self) -> List[Tuple[str, str]]:
        """``(sender, message)`` of every message that reached the REST channel."""
        with self.lock:
            return [
                (body["sender"], body["message"]) for _, path, body in self.calls if path == "/webhooks/rest/webhook"
            ]

    # Rasa's answers -------------------------------------------------------------------------------

    def parse(self, text: str) -> Dict[str, Any]:
        """``/model/parse``: a button payload is its intent with confidence 1, a fixed message its entry."""
        payload = protocol.parse_payload(text)
        understood = (
            Understood(payload[0], 1.0, ((payload[0], 1.0),))
            if payload
            else UNDERSTOOD.get(text.strip(), NOT_UNDERSTOOD)
        )
        return {
            "text": text,
            "intent": {"name": understood.intent, "confidence": understood.confidence},
            "intent_ranking": [{"name": name, "confidence": confidence} for name, confidence in understood.ranking],
            "entities": [{"entity": name, "value": value} for name, value in (payload[1] if payload else {}).items()],
            protocol.EMERGENCY_REPORT: {
                "signs": ["gas"] if understood.intent == EMERGENCY else [],
                "classifier_first": understood.intent == EMERGENCY,
                "classifier_confidence": 1.0 if understood.intent == EMERGENCY else 0.0,
            },
        }

    def answer(self, sender: str, text: str) -> List[Dict[str, Any]]:
        """The REST channel's replies to one message; the turn is kept in the sender's tracker."""
        parse = self.parse(text)
        with self.lock:
            events = self.conversations.setdefault(sender, [])
            if not events:
                events += [
                    {"event": "action", "name": "action_session_start"},
                    {"event": "session_started"},
                    {"event": "action", "name": "action_listen"},
                ]
            slot = next(
                (e["value"] for e in reversed(events) if e["event"] == "slot" and e["name"] == "scenario"), None
            )
            messages, scenario = self._messages(parse, slot)
            events.append({"event": "user", "text": text, "parse_data": parse, "timestamp": time.time()})
            if scenario is not None:
                events.append({"event": "slot", "name": "scenario", "value": scenario})
            if not self.actions_up:
                return []  # Rasa answers, but its custom actions fail: the REST channel sends nothing
            sent = [
                {"recipient_id": sender, "text": m["text"], **({"buttons": m["buttons"]} if m["buttons"] else {})}
                for m in messages
            ]
            if scenario is not None:  # the actions mark the turn's scenario after its messages
                sent.append({"recipient_id": sender, "custom": {"scenario": scenario}})
            if parse["intent"]["name"] in protocol.BOUNDARY_INTENTS:  # and a boundary reply's kind
                sent.append({"recipient_id": sender, "custom": {"boundary": parse["intent"]["name"]}})
            for reply in sent:
                data = {"custom": reply["custom"]} if "custom" in reply else {"buttons": reply.get("buttons")}
                events.append({"event": "bot", "text": reply.get("text"), "data": data, "timestamp": time.time()})
            events.append({"event": "action", "name": "action_listen"})
        if text.strip() and not text.startswith("/"):  # the REST channel reports what it understood
            sent.append({"recipient_id": sender, "custom": protocol.parse_report(parse)})
        return sent

    def _messages(self, parse: Dict[str, Any], slot: Optional[int]) -> Tuple[List[replies.Message], Optional[int]]:
        guide = field_guide()
        intent = parse["intent"]["name"]
        entities = {e["entity"]: e["value"] for e in parse["entities"]}
        scenario = guide.by_intent(intent)
        if scenario is not None:
            return [replies.scenario_answer(scenario, guide)], scenario.id
        if intent == protocol.ASK_POLICY_BASIS:
            number = int(entities.get("scenario") or slot or 0)
            if number in guide.scenarios:
                return replies.policy_basis(reviewed_policy_basis()[number], guide.scenarios[number]), number
        if intent == protocol.NLU_FALLBACK:
            ranked = [guide.by_intent(e["name"]) for e in parse["intent_ranking"]]
            return [replies.suggestions([s for s in ranked if s is not None][:3])], None
        if intent == protocol.FEEDBACK_HELPFUL:
            return [domain_response("utter_feedback_thanks")], None
        if intent == protocol.FEEDBACK_UNHELPFUL:
            return [domain_response("utter_feedback_sorry")], None
        if intent == protocol.GREET:
            return [domain_response("utter_greet")], None
        kind = boundaries().kind_of(intent)
        if kind is not None:
            visit = described_visit_scenario(parse["intent_ranking"], guide) if kind.id == EMERGENCY else None
            return [replies.boundary_answer(kind, visit)], None
        return [domain_response("utter_out_of_scope")], None

    def tracker(self, sender: str) -> Dict[str, Any]:
        with self.lock:
            return {"sender_id": sender, "events": list(self.conversations.get(sender, []))}


def _handler_for(bot: StandInBot) -> type:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, status: int, body: Any) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self, method: str) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}") if length else {}
            with bot.lock:
                bot.calls.append((method, url.path, body))
            if url.path == "/health":  # the action server's
                self._reply(200 if bot.actions_up else 503, {"status": "ok"})
                return
            if parse_qs(url.query).get("token") != [bot.rasa_auth_token]:
                self._reply(401, {"status": "failure", "reason": "NotAuthenticated"})
                return
            time.sleep(bot.delay_seconds)
            if bot.failing_with:
                self._reply(bot.failing_with, {"status": "failure"})
            elif (method, url.path) == ("GET", "/status"):
                self._reply(200, {"model_file": bot.model_file, "model_id": "stand-in", "num_active_training_jobs": 0})
            elif (method, url.path) == ("POST", "/model/parse"):
                self._reply(200, bot.parse(body["text"]))
            elif (method, url.path) == ("POST", "/webhooks/rest/webhook"):
                self._reply(200, bot.answer(body["sender"], body["message"]))
            elif method == "GET" and url.path.startswith("/conversations/") and url.path.endswith("/tracker"):
                self._reply(200, bot.tracker(unquote(url.path[len("/conversations/") : -len("/tracker")])))
            elif (method, url.path) == ("PUT", "/model"):
                self._load_model(str(body.get("model_file") or ""))
            else:
                self._reply(404, {"status": "failure", "reason": "NotFound"})

        def _load_model(self, path: str) -> None:
            if not Path(path).is_file():
                self._reply(500, {"status": "failure", "reason": "LoadingError"})
                return
            bot.model_file = path
            self.send_response(204)
            self.end_headers()

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_PUT(self) -> None:
            self._handle("PUT")

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def stand_in_bot() -> Iterator[StandInBot]:
    """A listening stand-in, stopped afterwards; fails when the stand-in itself raised."""
    bot = StandInBot()
    bot.up()
    try:
        yield bot
    finally:
        bot.down()
    assert not bot.errors, f"the stand-in bot failed: {bot.errors}"
