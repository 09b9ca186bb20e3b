"""The web chat's dependencies run on the event loop: FastAPI runs a plain ``def`` dependency in a
worker thread, a thread hop per dependency per request."""

import inspect

from fastapi.routing import APIRoute

from api.main import create_app
from api.settings import Settings


def dependencies(dependant):
    for sub in dependant.dependencies:
        yield sub.call
        yield from dependencies(sub)


def test_no_dependency_of_the_chat_routes_takes_a_worker_thread():
    app = create_app(Settings(rasa_url="http://127.0.0.1:9", action_server_url="http://127.0.0.1:9/webhook"))
    chat_routes = [route for route in app.routes if isinstance(route, APIRoute) and route.path.startswith("/api/chat")]
    calls = {call for route in chat_routes for call in dependencies(route.dependant)}
    assert len(calls) >= 6  # settings, address limit, sessions, conversation, bot, services
    assert [call.__qualname__ for call in calls if not inspect.iscoroutinefunction(call)] == []
