"""Answering a scenario, suggesting scenarios and listing topics."""

from rasa_sdk.events import SlotSet

from actions.scenario_actions import ActionAnswerScenario, ActionListTopics, ActionSuggestScenarios


def test_a_question_about_a_locked_door_is_answered_with_scenario_4(tracker_for, dispatcher):
    events = ActionAnswerScenario().run(dispatcher, tracker_for(text="居民不开门怎么办", intent="scenario_04"), {})
    assert dispatcher.messages[0]["text"].startswith("【第4问】居民不愿开门")
    assert "警民联系卡插入门缝" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["custom"] == {"scenario": 4}  # tells the gateway which scenario answered
    assert events == [
        SlotSet("scenario", "4"),
        SlotSet("suggested_scenarios", None),
        SlotSet("step", None),
        SlotSet("boundary", None),
    ]


def test_yes_to_suggestions_answers_the_first_suggested_scenario(tracker_for, dispatcher):
    tracker = tracker_for(text="是的", intent="affirm", slots={"suggested_scenarios": ["21", "22", "11"]})
    events = ActionAnswerScenario().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("【第21问】")
    assert SlotSet("scenario", "21") in events


def test_without_a_scenario_the_answer_action_says_it_did_not_understand(tracker_for, dispatcher):
    events = ActionAnswerScenario().run(dispatcher, tracker_for(text="", intent="affirm"), {})
    assert dispatcher.messages[0]["response"] == "utter_default"
    assert events == []


def test_unsure_nlu_offers_the_three_closest_scenarios_from_the_ranking(tracker_for, dispatcher):
    ranking = [
        ("nlu_fallback", 0.5),
        ("scenario_21", 0.41),
        ("greet", 0.2),
        ("scenario_22", 0.38),
        ("scenario_11", 0.1),
    ]
    events = ActionSuggestScenarios().run(
        dispatcher, tracker_for(text="调解时有人耍横", intent="nlu_fallback", ranking=ranking), {}
    )
    assert "您是想问" in dispatcher.messages[0]["text"]
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]][:3] == [
        "/scenario_21",
        "/scenario_22",
        "/scenario_11",
    ]
    assert events == [SlotSet("suggested_scenarios", ["21", "22", "11"])]


def test_a_short_ranking_is_completed_from_the_scenario_texts(tracker_for, dispatcher):
    ranking = [("nlu_fallback", 0.5), ("scenario_04", 0.3)]
    events = ActionSuggestScenarios().run(
        dispatcher, tracker_for(text="警民联系卡", intent="nlu_fallback", ranking=ranking), {}
    )
    suggested = events[0]["value"]
    assert suggested[0] == "4" and len(suggested) == 3 and len(set(suggested)) == 3


def test_nothing_to_suggest_says_it_did_not_understand(tracker_for, dispatcher):
    events = ActionSuggestScenarios().run(dispatcher, tracker_for(text="？？？", intent="nlu_fallback"), {})
    assert dispatcher.messages[0]["response"] == "utter_default"
    assert events == [SlotSet("suggested_scenarios", None)]


def test_malformed_latest_message_does_not_crash_the_suggestions(tracker_for, dispatcher):
    tracker = tracker_for(text=None, intent="nlu_fallback")
    tracker.latest_message["intent_ranking"] = [None, {"confidence": 1}, "scenario_04"]
    ActionSuggestScenarios().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_default"


def test_what_can_you_do_lists_the_topic_groups(tracker_for, dispatcher):
    ActionListTopics().run(dispatcher, tracker_for(text="你能做什么", intent="list_topics"), {})
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["入户走访", "服务群众", "调解纠纷", "工作方法"]


def test_a_group_button_lists_the_scenarios_of_that_group(tracker_for, dispatcher):
    tracker = tracker_for(
        text='/list_topics{"topic_group":"methods"}',
        intent="list_topics",
        entities=[{"entity": "topic_group", "value": "methods"}],
    )
    ActionListTopics().run(dispatcher, tracker, {})
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        "/scenario_15",
        "/scenario_26",
        "/scenario_27",
        "/scenario_28",
        "/scenario_30",
    ]


def test_an_unsure_question_that_most_likely_is_police_procedure_says_so_and_still_offers_visits(
    tracker_for, dispatcher
):
    ranking = [("police_procedure", 0.55), ("scenario_08", 0.3), ("scenario_23", 0.1)]
    events = ActionSuggestScenarios().run(
        dispatcher, tracker_for(text="抢民警手机算妨害公务吗", intent="nlu_fallback", ranking=ranking), {}
    )
    message = dispatcher.messages[0]
    assert (
        message["text"].startswith("我不太确定，不过这个问题看起来不在走访指引的范围内") and "法制员" in message["text"]
    )
    assert "如果您问的是走访中遇到的情况" in message["text"]
    assert [b["payload"] for b in message["buttons"][:2]] == ["/scenario_08", "/scenario_23"]
    assert dispatcher.messages[1]["custom"] == {"boundary": "police_procedure"}
    assert SlotSet("boundary", "police_procedure") in events and SlotSet("suggested_scenarios", ["8", "23"]) in events


def test_an_unsure_reply_warns_first_when_an_emergency_is_among_the_likeliest(tracker_for, dispatcher):
    ranking = [("scenario_04", 0.4), ("emergency", 0.3), ("scenario_06", 0.2)]
    ActionSuggestScenarios().run(
        dispatcher,
        tracker_for(text="敲门一直不开，邻居说好几天没见她倒垃圾", intent="nlu_fallback", ranking=ranking),
        {},
    )
    text = dispatcher.messages[0]["text"]
    assert text.startswith("⚠️ 如果现场有人身安全危险") and "110/120/119" in text and "您是想问" in text


def test_an_unsure_reply_without_an_emergency_among_the_likeliest_has_no_warning(tracker_for, dispatcher):
    ranking = [("scenario_04", 0.4), ("scenario_19", 0.3), ("scenario_06", 0.2), ("emergency", 0.05)]
    ActionSuggestScenarios().run(
        dispatcher, tracker_for(text="去了几次都没人", intent="nlu_fallback", ranking=ranking), {}
    )
    assert dispatcher.messages[0]["text"].startswith("我不太确定您问的是哪种情况")


def test_an_unsure_message_in_a_conversation_stays_with_the_scenario_discussed(tracker_for, dispatcher):
    ranking = [("nlu_fallback", 0.7), ("scenario_07", 0.63), ("scenario_19", 0.24), ("scenario_21", 0.03)]
    tracker = tracker_for(
        text="解释完她还是不理解 天天来闹咋办", intent="nlu_fallback", ranking=ranking, slots={"scenario": "7"}
    )
    events = ActionSuggestScenarios().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("指引对这种情况没有另写办法，仍按第7问的方法：")
    assert SlotSet("scenario", "7") in events


def test_an_unsure_message_in_a_conversation_moves_to_the_related_scenario_it_is_closer_to(tracker_for, dispatcher):
    ranking = [("nlu_fallback", 0.7), ("scenario_21", 0.62), ("scenario_24", 0.13), ("scenario_25", 0.06)]
    tracker = tracker_for(
        text="大哥越说越来劲，开始骂大姐，坚决不认错", intent="nlu_fallback", ranking=ranking, slots={"scenario": "11"}
    )
    events = ActionSuggestScenarios().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("您说的情况更接近另一种情形（第21问）")
    assert SlotSet("scenario", "21") in events


def test_an_unsure_message_with_a_danger_word_is_never_read_as_the_visit_discussed(tracker_for, dispatcher):
    ranking = [("nlu_fallback", 0.7), ("scenario_24", 0.5), ("scenario_11", 0.2), ("scenario_22", 0.1)]
    tracker = tracker_for(
        text="两家人在地头拿着棍子对骂", intent="nlu_fallback", ranking=ranking, slots={"scenario": "24"}
    )
    ActionSuggestScenarios().run(dispatcher, tracker, {})
    assert "您是想问" in dispatcher.messages[0]["text"]


def test_an_unsure_thank_you_in_a_conversation_is_not_read_as_a_situation(tracker_for, dispatcher):
    ranking = [("nlu_fallback", 0.7), ("thank", 0.4), ("scenario_26", 0.2), ("scenario_28", 0.1)]
    tracker = tracker_for(text="cheers", intent="nlu_fallback", ranking=ranking, slots={"scenario": "28"})
    events = ActionSuggestScenarios().run(dispatcher, tracker, {})
    assert SlotSet("scenario", "26") not in events and SlotSet("scenario", "28") not in events


def test_an_unsure_message_far_from_the_conversation_gets_the_did_you_mean_question(tracker_for, dispatcher):
    ranking = [("nlu_fallback", 0.7), ("scenario_16", 0.3), ("scenario_28", 0.2), ("scenario_02", 0.1)]
    tracker = tracker_for(text="这个怎么弄", intent="nlu_fallback", ranking=ranking, slots={"scenario": "11"})
    ActionSuggestScenarios().run(dispatcher, tracker, {})
    assert "您是想问" in dispatcher.messages[0]["text"]


def test_a_short_visit_question_after_an_emergency_reply_gets_the_emergency_reply_again(tracker_for, dispatcher):
    ranking = [("scenario_04", 0.91), ("emergency", 0.05)]
    tracker = tracker_for(
        text="门踹不开 先干嘛", intent="scenario_04", ranking=ranking, slots={"boundary": "emergency"}
    )
    events = ActionAnswerScenario().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("⚠️ 这可能是紧急情况")
    assert "紧急情况处置完毕后，走访方面可参看：第4问" in dispatcher.messages[0]["text"]
    assert events == []


def test_the_visit_button_under_an_emergency_reply_answers_the_visit_scenario(tracker_for, dispatcher):
    tracker = tracker_for(
        text="/scenario_04", intent="scenario_04", ranking=[("scenario_04", 1.0)], slots={"boundary": "emergency"}
    )
    events = ActionAnswerScenario().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("【第4问】")
    assert SlotSet("boundary", None) in events


def test_a_fully_described_new_situation_after_an_emergency_reply_is_answered(tracker_for, dispatcher):
    text = "另外问个事，我们片有户孤寡老人子女都在外地，过年前怎么去看望比较合适"
    tracker = tracker_for(
        text=text,
        intent="scenario_06",
        ranking=[("scenario_06", 0.9), ("scenario_10", 0.05)],
        slots={"boundary": "emergency"},
    )
    ActionAnswerScenario().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("【第6问】")


def test_a_short_confident_visit_question_after_a_police_procedure_reply_gets_the_method(tracker_for, dispatcher):
    tracker = tracker_for(
        text="居民不开门怎么办",
        intent="scenario_04",
        ranking=[("scenario_04", 0.95)],
        slots={"boundary": "police_procedure"},
    )
    ActionAnswerScenario().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("【第4问】")
