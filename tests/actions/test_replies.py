"""The messages built from the knowledge base."""
from actions import replies
from guide.passages import corpus
from guide.policy_basis import AUTOMATIC_NOTICE, AUTOMATIC_REASON, PolicyBasis, PolicyLink, reviewed_policy_basis
from guide.scenarios import field_guide
from guide.search import search_policy

GUIDE = field_guide()


def test_a_scenario_answer_shows_number_title_and_numbered_steps():
    message = replies.scenario_answer(GUIDE.scenarios[4], GUIDE)
    assert message["text"].startswith("【第4问】居民不愿开门")
    assert "① 敲门时" in message["text"] and "② 有的居民警惕性非常高" in message["text"]


def test_a_scenario_answer_offers_policy_related_scenarios_and_feedback():
    titles = [b["title"] for b in replies.scenario_answer(GUIDE.scenarios[4], GUIDE)["buttons"]]
    assert titles == ["查看政策依据", "相关：住户经常不在家", "相关：第一次走访住户", "相关：增加走访次数", "有帮助", "没帮助"]


def test_payloads_fit_telegrams_64_byte_callback_limit():
    for scenario in GUIDE.scenarios.values():
        for button in replies.scenario_answer(scenario, GUIDE)["buttons"]:
            assert len(button["payload"].encode("utf-8")) <= 64


def test_suggestions_list_the_questions_and_offer_none_of_these():
    message = replies.suggestions([GUIDE.scenarios[n] for n in (21, 22, 11)])
    assert "您是想问" in message["text"] and "1. 民警在走访工作中遇到调解矛盾纠纷" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/scenario_21", "/scenario_22", "/scenario_11", "/deny"]


def test_the_topic_overview_lists_four_groups_covering_30_questions():
    message = replies.topic_groups(GUIDE)
    assert f"{len(GUIDE.scenarios)}个常见问题" in message["text"]
    assert [b["title"] for b in message["buttons"]] == ["入户走访", "服务群众", "调解纠纷", "工作方法"]


def test_a_topic_group_lists_its_scenarios_and_an_unknown_group_falls_back_to_the_overview():
    mediation = replies.topic_group(GUIDE, "mediation")
    assert "21. 民警在走访工作中遇到调解矛盾纠纷，当事人不讲理，该怎么办？" in mediation["text"]
    assert replies.topic_group(GUIDE, "nonsense") == replies.topic_groups(GUIDE)


def test_passages_are_numbered_and_cited():
    messages = replies.passages(search_policy("枫桥经验"), "为您找到以下政策原文：")
    assert messages[0]["text"] == "为您找到以下政策原文："
    assert messages[1]["text"].startswith("1. ") and "——出处：" in messages[1]["text"]


def test_the_last_passage_carries_feedback_buttons_for_its_scenario():
    messages = replies.passages(search_policy("矛盾纠纷"), "…", GUIDE.scenarios[11])
    assert [b["payload"] for b in messages[-1]["buttons"]] == [
        '/feedback_helpful{"scenario":"11"}', '/feedback_unhelpful{"scenario":"11"}']
    assert all(not m["buttons"] for m in messages[:-1])


def test_a_policy_basis_shows_each_passage_with_why_it_is_relevant_and_where_it_comes_from():
    scenario = GUIDE.scenarios[22]
    basis = reviewed_policy_basis()[22]
    messages = replies.policy_basis(basis, scenario)
    assert messages[0]["text"] == "「调解简单纠纷」（第22问）的政策依据："
    first = messages[1]["text"].split("\n")
    assert first == [f"1. {basis.links[0].passage.text}", f"为什么相关：{basis.links[0].reason}",
                     f"——出处：{basis.links[0].passage.citation}"]
    assert [b["payload"] for b in messages[-1]["buttons"]] == [
        '/feedback_helpful{"scenario":"22"}', '/feedback_unhelpful{"scenario":"22"}']


def test_an_unreviewed_basis_says_it_was_found_automatically():
    link = PolicyLink(corpus()[0], AUTOMATIC_REASON)
    messages = replies.policy_basis(PolicyBasis(22, (link,), reviewed=False), GUIDE.scenarios[22])
    assert AUTOMATIC_NOTICE in messages[0]["text"] and AUTOMATIC_REASON in messages[1]["text"]
