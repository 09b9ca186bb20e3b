"""A local stand-in for Telegram's Bot API on loopback that records every call it gets (and can be
slow, counting how many calls it has in progress at once), and the updates Telegram would send."""

from __future__ import annotations

import json
import threading
import time
import uuid
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Iterator, List


class FakeBotApi:
    """Records ``(token, method, payload)`` for each POST to ``/bot<token>/<method>``."""

    def __init__(self) -> None:
        self.calls: List[Dict] = []
        self.lock = threading.Lock()
        self.url = ""
        self.delay_seconds = 0.0
        self.in_progress = 0
        self.most_at_once = 0

    def methods(self) -> List[str]:
        with self.lock:
            return [call["method"] for call in self.calls]

    def sent_texts(self) -> List[str]:
        with self.lock:
            return [call["payload"]["text"] for call in self.calls if call["method"] == "sendMessage"]

    def of(self, method: str) -> List[Dict]:
        with self.lock:
            return [call["payload"] for call in self.calls if call["method"] == method]


@contextmanager
def fake_bot_api() -> Iterator[FakeBotApi]:
    api = FakeBotApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}")
            _, bot_token, method = self.path.split("/", 2)
            with api.lock:
                api.in_progress += 1
                api.most_at_once = max(api.most_at_once, api.in_progress)
            time.sleep(api.delay_seconds)
            with api.lock:
                api.in_progress -= 1
            with api.lock:
                api.calls.append({"token": bot_token[len("bot") :], "method": method, "payload": payload})
            body = json.dumps({"ok": True, "result": True}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()


BOT_TOKEN = "123456:TEST-token-for-the-fake-api"
SECRET = "s3cret-webhook-token-0123"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


def sample_update(text, chat_id=None, update_id=None):
    """The shape of the sample Update in Telegram's Bot API documentation (a private text message)."""
    chat_id = chat_id or uuid.uuid4().int % 10**9
    return {
        "update_id": update_id or uuid.uuid4().int % 10**9,
        "message": {
            "message_id": 1365,
            "from": {
                "id": chat_id,
                "is_bot": False,
                "first_name": "Test",
                "last_name": "Officer",
                "username": "officer",
            },
            "chat": {
                "id": chat_id,
                "first_name": "Test",
                "last_name": "Officer",
                "username": "officer",
                "type": "private",
            },
            "date": 1441645532,
            "text": text,
        },
    }


def callback_update(data, chat_id):
    return {
        "update_id": uuid.uuid4().int % 10**9,
        "callback_query": {
            "id": "4382bfdwdsb323b2d9",
            "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
            "message": {
                "message_id": 1366,
                "chat": {"id": chat_id, "type": "private"},
                "date": 1441645532,
                "text": "…",
            },
            "chat_instance": "-6549",
            "data": data,
        },
    }
