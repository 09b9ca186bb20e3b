"""Event classes looked up from a table give what Rasa's walk of the class tree gives, walking it once."""

import pytest
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from rasa_runtime import event_types


@pytest.fixture(autouse=True)
def empty_table(monkeypatch):
    monkeypatch.setattr(event_types, "_classes", {})


def test_every_event_type_resolves_to_the_class_rasa_finds():
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert {"user", "bot", "action", "slot", "session_started"} <= names
    for name in names:
        assert event_types.resolve_by_type(name) is event_types.ORIGINAL_RESOLVE(name)


def test_an_unknown_type_gets_the_default_or_rasas_error():
    assert event_types.resolve_by_type("no_such_event", default=Event) is Event
    assert event_types.resolve_by_type("topic") is None  # Rasa's old TopicSet events
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        event_types.resolve_by_type("no_such_event")


def test_the_class_tree_is_walked_once_for_many_events(monkeypatch):
    walks = []

    def counting(cls):
        walks.append(cls)
        return all_subclasses(cls)

    monkeypatch.setattr(event_types, "all_subclasses", counting)
    for _ in range(50):
        for name in ("user", "bot", "action", "slot"):
            event_types.resolve_by_type(name)
    assert walks == [Event]
