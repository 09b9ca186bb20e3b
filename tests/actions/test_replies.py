"""The messages built from the knowledge base."""

from actions import replies
from guide.lookup import look_up
from guide.passages import corpus
from guide.policy_basis import AUTOMATIC_NOTICE, AUTOMATIC_REASON, PolicyBasis, PolicyLink, reviewed_policy_basis
from guide.scenarios import field_guide

GUIDE = field_guide()


def test_a_scenario_answer_shows_number_title_and_numbered_steps():
    message = replies.scenario_answer(GUIDE.scenarios[4], GUIDE)
    assert message["text"].startswith("【第4问】居民不愿开门")
    assert "① 敲门时" in message["text"] and "② 有的居民警惕性非常高" in message["text"]


def test_a_scenario_answer_offers_policy_related_scenarios_and_feedback():
    titles = [b["title"] for b in replies.scenario_answer(GUIDE.scenarios[4], GUIDE)["buttons"]]
    assert titles == [
        "查看政策依据",
        "相关：住户经常不在家",
        "相关：第一次走访住户",
        "相关：增加走访次数",
        "有帮助",
        "没帮助",
    ]


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


def test_a_look_up_leads_each_result_with_its_answering_sentence_then_the_text_and_what_it_is():
    messages = replies.look_up_answer(look_up("四风指的是哪四风"), GUIDE)
    assert messages[0]["text"] == replies.LOOKUP_HEADING
    first = messages[1]["text"]
    assert first.startswith("① ") and "\n原文：" in first and "\n——群众路线与密切联系群众讲话" in first
    assert first.index("形式主义、官僚主义") < first.index("原文：")


def test_a_look_up_quoting_a_method_offers_the_whole_method_and_feedback_on_its_last_message():
    messages = replies.look_up_answer(look_up("警民联系卡怎么用"), GUIDE)
    titles = [b["title"] for b in messages[-1]["buttons"]]
    assert replies.WHOLE_METHOD_PREFIX + GUIDE.scenarios[4].title in titles
    assert titles[-2:] == ["有帮助", "没帮助"]
    assert all(not m["buttons"] for m in messages[:-1])


def test_a_look_up_that_finds_nothing_says_the_texts_do_not_cover_it_and_offers_the_topics():
    [message] = replies.look_up_answer(look_up("民警年休假怎么规定"), GUIDE)
    assert message["text"].startswith("文件中没有找到能回答“民警年休假怎么规定”的内容")
    assert [b["payload"] for b in message["buttons"]] == ["/list_topics"]


def test_a_policy_basis_shows_each_passage_with_why_it_is_relevant_and_where_it_comes_from():
    scenario = GUIDE.scenarios[22]
    basis = reviewed_policy_basis()[22]
    messages = replies.policy_basis(basis, scenario)
    assert messages[0]["text"] == "「调解简单纠纷」（第22问）的政策依据："
    first = messages[1]["text"].split("\n")
    assert first == [
        f"1. {basis.links[0].passage.text}",
        f"为什么相关：{basis.links[0].reason}",
        f"——出处：{basis.links[0].passage.citation}",
    ]
    assert [b["payload"] for b in messages[-1]["buttons"]] == [
        '/feedback_helpful{"scenario":"22"}',
        '/feedback_unhelpful{"scenario":"22"}',
    ]


def test_an_unreviewed_basis_says_it_was_found_automatically():
    link = PolicyLink(corpus()[0], AUTOMATIC_REASON)
    messages = replies.policy_basis(PolicyBasis(22, (link,), reviewed=False), GUIDE.scenarios[22])
    assert AUTOMATIC_NOTICE in messages[0]["text"] and AUTOMATIC_REASON in messages[1]["text"]
