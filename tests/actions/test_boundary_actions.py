"""Answering a possible emergency, a police-procedure question or another body's work."""

from rasa_sdk.events import SlotSet

from actions.boundary_actions import ActionAnswerBoundary


def test_a_possible_emergency_gets_the_emergency_reply_and_no_visit_method(tracker_for, dispatcher):
    tracker = tracker_for(text="楼顶有人要跳", intent="emergency", ranking=[("emergency", 1.0), ("scenario_06", 0.05)])
    events = ActionAnswerBoundary().run(dispatcher, tracker, {})
    text = dispatcher.messages[0]["text"]
    assert text.startswith("⚠️ 这可能是紧急情况") and "120" in text and "值班所领导" in text
    assert "处理方法" not in text and "警民联系卡" not in text
    assert not any(b["payload"].startswith("/scenario_") for b in dispatcher.messages[0]["buttons"])
    assert dispatcher.messages[1]["custom"] == {"boundary": "emergency"}
    assert events == [
        SlotSet("scenario", None),
        SlotSet("suggested_scenarios", None),
        SlotSet("step", None),
        SlotSet("boundary", "emergency"),
    ]


def test_an_emergency_that_also_describes_a_visit_points_to_it_for_afterwards(tracker_for, dispatcher):
    ranking = [("emergency", 1.0), ("scenario_04", 0.62), ("scenario_05", 0.2)]
    ActionAnswerBoundary().run(
        dispatcher, tracker_for(text="敲门不开，屋里有煤气味", intent="emergency", ranking=ranking), {}
    )
    message = dispatcher.messages[0]
    assert message["text"].startswith("⚠️") and message["text"].endswith(
        "紧急情况处置完毕后，走访方面可参看：第4问「居民不愿开门」"
    )
    assert message["buttons"][0] == {"title": "处置后参看：居民不愿开门", "payload": "/scenario_04"}


def test_a_scenario_the_classifier_was_unsure_of_is_not_pointed_to(tracker_for, dispatcher):
    ranking = [("emergency", 1.0), ("scenario_04", 0.12)]
    ActionAnswerBoundary().run(dispatcher, tracker_for(text="屋里有煤气味", intent="emergency", ranking=ranking), {})
    assert "可参看" not in dispatcher.messages[0]["text"]


def test_a_police_procedure_question_is_declined_with_where_to_look(tracker_for, dispatcher):
    ActionAnswerBoundary().run(
        dispatcher,
        tracker_for(
            text="这够不够袭警罪", intent="police_procedure", ranking=[("police_procedure", 0.9), ("scenario_08", 0.3)]
        ),
        {},
    )
    text = dispatcher.messages[0]["text"]
    assert "法制员" in text and "不在走访工作指引的范围内" in text and "可参看" not in text
    assert dispatcher.messages[1]["custom"] == {"boundary": "police_procedure"}


def test_another_bodys_work_is_declined_politely(tracker_for, dispatcher):
    ActionAnswerBoundary().run(dispatcher, tracker_for(text="党支部的会怎么排", intent="other_body"), {})
    assert "社区其他组织的工作" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["custom"] == {"boundary": "other_body"}


def test_a_turn_that_is_no_boundary_kind_says_it_did_not_understand(tracker_for, dispatcher):
    assert ActionAnswerBoundary().run(dispatcher, tracker_for(text="你好", intent="greet"), {}) == []
    assert dispatcher.messages[0]["response"] == "utter_default"
