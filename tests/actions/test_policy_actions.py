"""Policy look-up for the current scenario and for free questions."""

from rasa_sdk.events import SlotSet

from actions import replies
from actions.policy_actions import ActionPolicyBasis, ActionSearchPolicy
from guide.policy_basis import PRINCIPLE_NOTICE, reviewed_policy_basis


def test_policy_basis_shows_the_reviewed_passages_with_reasons_and_citations(tracker_for, dispatcher):
    events = ActionPolicyBasis().run(
        dispatcher, tracker_for(text="查看政策依据", intent="ask_policy_basis", slots={"scenario": "11"}), {}
    )
    texts = [m["text"] for m in dispatcher.messages if m["text"]]
    links = reviewed_policy_basis()[11].links
    assert texts[0] == "「居民与邻里有矛盾」（第11问）的政策依据："
    assert len(texts) == 1 + len(links)
    for text, link in zip(texts[1:], links):
        assert link.passage.text in text and f"为什么相关：{link.reason}" in text and "——出处：" in text
    assert dispatcher.messages[-1]["custom"] == {"scenario": 11}
    assert events == [SlotSet("scenario", "11")]


def test_a_principle_level_basis_says_that_the_guide_cites_no_specific_text(tracker_for, dispatcher):
    principle_only = next(number for number, basis in reviewed_policy_basis().items() if basis.principle_only)
    ActionPolicyBasis().run(
        dispatcher, tracker_for(intent="ask_policy_basis", slots={"scenario": str(principle_only)}), {}
    )
    assert PRINCIPLE_NOTICE in dispatcher.messages[0]["text"]


def test_a_scenario_named_by_the_button_wins_over_the_slot(tracker_for, dispatcher):
    tracker = tracker_for(
        text='/ask_policy_basis{"scenario":"21"}',
        intent="ask_policy_basis",
        entities=[{"entity": "scenario", "value": "21"}],
        slots={"scenario": "4"},
    )
    events = ActionPolicyBasis().run(dispatcher, tracker, {})
    assert "（第21问）" in dispatcher.messages[0]["text"]
    assert events == [SlotSet("scenario", "21")]


def test_policy_basis_without_a_scenario_asks_which_situation(tracker_for, dispatcher):
    events = ActionPolicyBasis().run(dispatcher, tracker_for(text="依据是什么", intent="ask_policy_basis"), {})
    assert "哪种情况" in dispatcher.messages[0]["text"]
    assert events == []


def test_an_invalid_scenario_value_is_treated_as_no_scenario(tracker_for, dispatcher):
    tracker = tracker_for(
        intent="ask_policy_basis", entities=[{"entity": "scenario", "value": "99"}], slots={"scenario": "abc"}
    )
    ActionPolicyBasis().run(dispatcher, tracker, {})
    assert "哪种情况" in dispatcher.messages[0]["text"]


def test_a_free_policy_question_is_looked_up_in_the_guide_and_the_passages(tracker_for, dispatcher):
    ActionSearchPolicy().run(
        dispatcher, tracker_for(text="百万警进千万家活动主要包括哪些内容?", intent="policy_question"), {}
    )
    texts = [m["text"] for m in dispatcher.messages]
    assert texts[0] == replies.LOOKUP_HEADING
    assert any("访民情、解民忧、化矛盾、防风险、查问题、治乱点" in text for text in texts[1:])


def test_an_empty_policy_question_asks_for_the_topic(tracker_for, dispatcher):
    for text in ("", "   ", None):
        collecting = type(dispatcher)()
        ActionSearchPolicy().run(collecting, tracker_for(text=text, intent="policy_question"), {})
        assert "请告诉我您想查询的政策内容" in collecting.messages[0]["text"]


def test_a_policy_question_the_texts_do_not_answer_says_so_and_what_they_cover(tracker_for, dispatcher):
    ActionSearchPolicy().run(dispatcher, tracker_for(text="量子计算机", intent="policy_question"), {})
    assert dispatcher.messages[0]["text"].startswith("文件中没有找到能回答“量子计算机”的内容")
    assert "这些文件讲的是" in dispatcher.messages[0]["text"]
