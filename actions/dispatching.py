"""How actions hand messages to the channel: one message built by :mod:`actions.replies`, and the
custom markers (not shown) that tell the gateway what a turn was about."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions import replies


def send(dispatcher: CollectingDispatcher, message: replies.Message) -> None:
    """Send one message built by :mod:`actions.replies`."""
    dispatcher.utter_message(text=message["text"], buttons=message["buttons"])


def mark_scenario(dispatcher: CollectingDispatcher, scenario_id: int) -> None:
    """Tell the channel which scenario this turn was about."""
    dispatcher.utter_message(json_message={"scenario": scenario_id})


def mark_boundary(dispatcher: CollectingDispatcher, kind: str) -> None:
    """Tell the channel which boundary kind this turn was."""
    dispatcher.utter_message(json_message={"boundary": kind})
