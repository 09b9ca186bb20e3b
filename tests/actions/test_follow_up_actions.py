"""Follow-ups answered about the scenario just discussed; asked back when there is none; never a visit
method after a boundary reply."""

from rasa_sdk.events import SlotSet

from actions.follow_up_actions import ActionDeclineOutOfScope, ActionFollowUp
from actions.policy_actions import ActionPolicyBasis
from actions.scenario_actions import ActionSuggestScenarios


def run(tracker, dispatcher):
    return ActionFollowUp().run(dispatcher, tracker, {})


def test_more_detail_walks_through_the_current_method_one_step_at_a_time(tracker_for, dispatcher):
    events = run(tracker_for(text="说具体点", intent="ask_detail", slots={"scenario": "11"}), dispatcher)
    message = dispatcher.messages[0]
    assert message["text"].startswith("好的，一步一步来：\n【第11问 · 第1步，共") and "①" in message["text"]
    assert message["buttons"][0] == {"title": "下一步", "payload": '/ask_step{"scenario":"11","step":"2"}'}
    assert dispatcher.messages[1]["custom"] == {"scenario": 11}
    assert SlotSet("step", "1") in events and SlotSet("scenario", "11") in events


def test_next_step_follows_the_step_shown_last_and_the_last_step_offers_no_next(tracker_for, dispatcher):
    run(tracker_for(text="下一步", intent="ask_step", slots={"scenario": "4", "step": "1"}), dispatcher)
    message = dispatcher.messages[0]
    assert message["text"].startswith("【第4问 · 第2步，共2步】") and "②" in message["text"]
    assert [b["title"] for b in message["buttons"]] == ["完整方法", "查看政策依据"]


def test_a_step_beyond_the_method_says_how_many_steps_there_are(tracker_for, dispatcher):
    run(tracker_for(text="第五步呢", intent="ask_step", slots={"scenario": "4"}), dispatcher)
    assert dispatcher.messages[0]["text"].startswith("这个方法一共只有2步，这是最后一步：\n【第4问 · 第2步")


def test_the_next_step_button_names_its_scenario_and_step(tracker_for, dispatcher):
    entities = [{"entity": "scenario", "value": "11"}, {"entity": "step", "value": "2"}]
    run(tracker_for(text='/ask_step{"scenario":"11","step":"2"}', intent="ask_step", entities=entities), dispatcher)
    assert dispatcher.messages[0]["text"].startswith("【第11问 · 第2步")


def test_an_example_is_a_reviewed_case_with_its_reason_and_source(tracker_for, dispatcher):
    run(tracker_for(text="举个例子", intent="ask_example", slots={"scenario": "11"}), dispatcher)
    texts = [m.get("text") or "" for m in dispatcher.messages]
    assert texts[0].startswith("「居民与邻里有矛盾」（第11问）的实际案例")
    assert "为什么相关：" in texts[1] and "——出处：" in texts[1]


def test_a_scenario_the_sources_hold_no_case_for_says_so(tracker_for, dispatcher):
    run(tracker_for(text="举个例子", intent="ask_example", slots={"scenario": "4"}), dispatcher)
    assert dispatcher.messages[0]["text"].startswith("指引和政策原文里没有「居民不愿开门」（第4问）这种情形的具体案例")


def test_other_ways_say_the_method_is_all_and_offer_the_related_situations(tracker_for, dispatcher):
    run(tracker_for(text="还有别的办法吗", intent="ask_more", slots={"scenario": "4"}), dispatcher)
    message = dispatcher.messages[0]
    assert "给出的办法就是这2条" in message["text"]
    assert message["buttons"][0]["title"].startswith("相关：")


def test_a_twist_stays_with_the_current_scenario(tracker_for, dispatcher):
    ranking = [("what_if", 0.9), ("scenario_19", 0.05), ("scenario_04", 0.03)]
    run(
        tracker_for(text="那要是去了三次他还是不开呢", intent="what_if", ranking=ranking, slots={"scenario": "4"}),
        dispatcher,
    )
    assert dispatcher.messages[0]["text"].startswith("指引对这种情况没有另写办法，仍按第4问的方法：\n【第4问】")


def test_a_twist_that_describes_a_related_situation_moves_to_it(tracker_for, dispatcher):
    ranking = [("what_if", 0.6), ("scenario_21", 0.3), ("scenario_11", 0.02)]
    events = run(
        tracker_for(text="他要是当场跟我吵起来不讲理呢", intent="what_if", ranking=ranking, slots={"scenario": "11"}),
        dispatcher,
    )
    assert dispatcher.messages[0]["text"].startswith("您说的情况更接近另一种情形（第21问）：\n【第21问】")
    assert SlotSet("scenario", "21") in events


def test_a_follow_up_with_nothing_to_follow_asks_which_situation_is_meant(tracker_for, dispatcher):
    events = run(tracker_for(text="那要是他还是不配合呢", intent="what_if"), dispatcher)
    assert dispatcher.messages[0]["text"].startswith("您是接着哪种情况问的？")
    assert len(dispatcher.messages) == 1 and events == []


def test_a_follow_up_after_an_emergency_gets_the_emergency_reply_again(tracker_for, dispatcher):
    run(tracker_for(text="说具体点", intent="ask_detail", slots={"boundary": "emergency"}), dispatcher)
    assert dispatcher.messages[0]["text"].startswith("⚠️ 这可能是紧急情况")
    assert dispatcher.messages[1]["custom"] == {"boundary": "emergency"}


def test_asking_for_the_basis_after_an_emergency_gets_the_emergency_reply_again(tracker_for, dispatcher):
    ActionPolicyBasis().run(
        dispatcher, tracker_for(text="有什么依据", intent="ask_policy_basis", slots={"boundary": "emergency"}), {}
    )
    assert dispatcher.messages[0]["text"].startswith("⚠️ 这可能是紧急情况")


def test_an_unsure_follow_up_is_still_answered_about_the_current_scenario(tracker_for, dispatcher):
    ranking = [("ask_detail", 0.55), ("scenario_19", 0.4)]
    ActionSuggestScenarios().run(
        dispatcher, tracker_for(text="多说点", intent="nlu_fallback", ranking=ranking, slots={"scenario": "4"}), {}
    )
    assert dispatcher.messages[0]["text"].startswith("好的，一步一步来：\n【第4问")


def test_an_unsure_request_for_the_basis_shows_the_current_scenarios_basis(tracker_for, dispatcher):
    ranking = [("ask_policy_basis", 0.45), ("ask_detail", 0.2), ("scenario_08", 0.1)]
    ActionSuggestScenarios().run(
        dispatcher,
        tracker_for(text="哪个文件说的", intent="nlu_fallback", ranking=ranking, slots={"scenario": "4"}),
        {},
    )
    assert dispatcher.messages[0]["text"].startswith("「居民不愿开门」（第4问）的政策依据")


def test_a_short_unclear_message_after_an_emergency_gets_the_emergency_reply_again(tracker_for, dispatcher):
    ranking = [("list_topics", 0.24), ("out_of_scope", 0.16), ("what_if", 0.11)]
    ActionSuggestScenarios().run(
        dispatcher,
        tracker_for(text="what else", intent="nlu_fallback", ranking=ranking, slots={"boundary": "emergency"}),
        {},
    )
    assert dispatcher.messages[0]["text"].startswith("⚠️ 这可能是紧急情况")


def test_a_follow_up_after_a_did_you_mean_question_offers_the_same_choice_again(tracker_for, dispatcher):
    tracker = tracker_for(text="说具体点", intent="ask_detail", slots={"suggested_scenarios": ["21", "22", "11"]})
    ActionFollowUp().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("您还没有选是哪一种情况")
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]][:3] == [
        "/scenario_21",
        "/scenario_22",
        "/scenario_11",
    ]


def test_a_short_message_read_as_out_of_scope_after_an_emergency_gets_the_emergency_reply_again(
    tracker_for, dispatcher
):
    ranking = [("out_of_scope", 0.85), ("scenario_19", 0.04)]
    ActionDeclineOutOfScope().run(
        dispatcher,
        tracker_for(text="接着怎么办", intent="out_of_scope", ranking=ranking, slots={"boundary": "emergency"}),
        {},
    )
    assert dispatcher.messages[0]["text"].startswith("⚠️ 这可能是紧急情况")
    assert dispatcher.messages[1]["custom"] == {"boundary": "emergency"}


def test_a_message_out_of_scope_is_declined_outside_an_emergency(tracker_for, dispatcher):
    for slots in ({}, {"boundary": "police_procedure"}, {"scenario": "4"}):
        dispatcher.messages.clear()
        ActionDeclineOutOfScope().run(
            dispatcher,
            tracker_for(text="今天天气怎么样", intent="out_of_scope", ranking=[("out_of_scope", 0.9)], slots=slots),
            {},
        )
        assert [m["response"] for m in dispatcher.messages] == ["utter_out_of_scope"]


def test_a_long_new_message_out_of_scope_after_an_emergency_is_declined(tracker_for, dispatcher):
    text = "另外想问一下，明天所里开会的时候，年终总结的表格应该用哪个格式来填写比较好"
    ActionDeclineOutOfScope().run(
        dispatcher,
        tracker_for(text=text, intent="out_of_scope", ranking=[("out_of_scope", 0.9)], slots={"boundary": "emergency"}),
        {},
    )
    assert dispatcher.messages[0]["response"] == "utter_out_of_scope"
