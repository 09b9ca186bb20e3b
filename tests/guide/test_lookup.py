"""The free look-up over the guide's method sentences and the policy passages."""

import time

from guide.lookup import Lookup, LookupWords, Weights, look_up, lookup, lookup_words, search_policy
from guide.lookup_entries import METHOD_STEP, PASSAGE, Entry
from guide.passages import Passage

WORDS = LookupWords(
    not_covered="没有“{query}”",
    unlisted="只提到“{term}”",
    covered_heading="讲的是：",
    covered=("群众路线",),
    covered_advice="请咨询法制员。",
    question_words=frozenset({"是什么", "意思"}),
)


def passage_entry(number, text, section=""):
    passage = Passage(f"t-{number}", "文件", section, text)
    return Entry(id=passage.id, kind=PASSAGE, text=text, heading=section, label=passage.citation, passage=passage)


def small_lookup(*texts, weights=Weights()):
    return Lookup([passage_entry(number, text) for number, text in enumerate(texts, start=1)], WORDS, weights=weights)


def test_a_term_of_the_question_brings_the_passage_that_defines_it_to_the_top():
    found = look_up("什么样的干部才算三干干部").findings
    assert "“干练、干事、干净”的“三干”干部" in found[0].text


def test_a_question_the_guide_answers_finds_the_method_sentence_labelled_with_its_scenario_and_step():
    found = look_up("警民联系卡怎么用").findings
    door = next(finding for finding in found if finding.entry.scenario_id == 4)
    assert door.entry.kind == METHOD_STEP
    assert door.entry.label == "指引第4问「居民不愿开门」· 处理方法第①步"
    assert "警民联系卡插入门缝" in door.lead


def test_asked_how_to_act_where_the_guide_has_a_method_its_steps_come_first_though_the_situation_is_put_briefly():
    for question in ("两户闹矛盾怎么办", "邻居两家吵起来了我该怎么调解"):
        found = look_up(question).findings
        assert found and found[0].entry.label.startswith("指引第11问「居民与邻里有矛盾」"), question


def test_without_reading_the_situation_a_how_to_question_gets_no_scenario():
    plain = Lookup(lookup().entries, lookup_words(), lookup().situations, Weights(situation_read=False))
    assert plain.read("两户闹矛盾怎么办").situation is None
    assert lookup().read("两户闹矛盾怎么办").situation == 11


def test_a_method_list_spread_over_steps_is_one_result_labelled_with_its_steps():
    found = look_up("提高群众熟悉率有哪些办法").findings
    assert found[0].entry.label.endswith("处理方法第①–⑥步")
    assert found[0].text.startswith("张贴公示栏，上门入户走访")


def test_a_numbered_term_finds_the_passage_that_spells_the_list_out():
    assert "形式主义、官僚主义、享乐主义和奢靡之风" in look_up("四风指的是哪四风").findings[0].text


def test_a_numbered_term_the_texts_only_name_is_not_covered_and_the_reply_says_so():
    answer = look_up("公安部五条禁令具体是哪五条")
    assert not answer.found and answer.unlisted == "五条禁令"
    assert "提到了“五条禁令”，但没有列出" in answer.not_covered


def test_a_question_the_texts_do_not_answer_is_not_covered_rather_than_answered_by_a_shared_word():
    for question in ("民警年休假怎么规定", "红烧肉怎么做", "民警工资多少", "噪音扰民按治安管理处罚法一般罚多少钱"):
        answer = look_up(question)
        assert not answer.found, question
        assert "文件中没有找到" in answer.not_covered and "这些文件讲的是" in answer.not_covered


def test_a_question_asking_for_a_number_is_answered_only_by_a_text_that_gives_one():
    declined = look_up("居家隔离观察一般要隔离多少天")  # the texts name 居家隔离观察, never how long
    assert not declined.found and "文件中没有找到" in declined.not_covered
    assert "145次" in look_up("十八大报告里“人民”这个词出现了多少次").findings[0].text


def asked_kind(name):
    return next(kind for kind in lookup_words().asked_kinds if kind.name == name)


def test_asking_which_items_of_a_list_is_not_asking_for_a_number():
    asks = asked_kind("number").asks
    assert all(asks.search(q) for q in ("要隔离多少天", "警衔几年晋一级", "多久能冻结", "how many days"))
    assert not any(asks.search(q) for q in ("要在哪几个“民”字上下功夫", "两要两不要是哪几条", "三律是哪三律"))


def test_a_question_asking_when_is_answered_only_by_a_sentence_that_gives_a_time():
    named = passage_entry(1, "老周同志被评为优秀调解员，事迹感人。")
    dated = passage_entry(2, "老周同志于2015年被评为优秀调解员。")
    question = "老周什么时候被评为优秀调解员"
    assert not Lookup([named], lookup_words()).look_up(question).found
    assert [finding.entry for finding in Lookup([named, dated], lookup_words()).look_up(question).findings] == [dated]


def test_a_question_asking_where_wants_a_sentence_that_names_a_place():
    place = asked_kind("place")
    assert place.asks.search("这位书记是哪个村的") and place.asks.search("联系卡去哪里领")
    assert place.answer.search("他是红星村的党支部书记。")
    assert not place.answer.search("他被追授全国优秀共产党员称号。")


def test_asking_where_the_crux_is_is_not_asking_for_a_place():
    assert not asked_kind("place").asks.search("官僚主义的要害在哪里")


def test_a_fact_of_a_books_front_matter_is_answered_from_its_own_passage():
    finding = look_up("《怎样做好群众工作 密切党群关系》的责任编辑是谁").findings[0]
    assert finding.entry.id.startswith("001-F") and "张克敏" in finding.lead
    assert finding.entry.label.endswith("· 版权页")


def test_asked_how_to_act_in_a_situation_a_sentence_saying_what_to_do_comes_before_one_describing_it():
    told = look_up("楼下商店音响太吵影响休息，这种小事跟我说了").findings
    asked = look_up("居民说楼下商店音响太吵影响休息，这种小事我该怎么办").findings
    assert told[0].lead.startswith("在走访中，群众会提出")  # the sentence describing the situation
    assert asked[0].entry.scenario_id == 1 and lookup_words().prescribes.search(asked[0].lead)
    assert not asked[0].lead.startswith("在走访中")


def test_asking_what_a_term_means_or_naming_a_book_is_not_asking_how_to_act():
    asks = lookup_words().asks_how_to_act
    assert all(asks.search(q) for q in ("这种事该怎么办", "从哪儿下手", "咋整", "How should I start?"))
    assert not any(asks.search(q) for q in ("权力的两重性怎么理解", "这个说法怎么定义", "四风是哪四风"))
    assert not lookup().read("《怎样做好群众工作》是哪年出的").asks_how


def test_a_list_counted_off_after_its_term_spells_it_out_across_passages_of_a_section():
    found = look_up("领导干部要做到的“三律”是哪三律").findings
    assert "一是严于律己" in found[0].text and "二是勇于律他" in found[0].text


def test_a_list_of_quoted_items_spells_out_the_term_after_it():
    assert "“人员库”、“信息库”、“资料库”" in look_up("社区民警要建的三个库是哪三个").findings[0].text


def test_a_list_whose_items_share_the_terms_head_answers_a_term_the_texts_never_write():
    found = look_up("党员领导干部该树立哪“四观”").findings
    assert any("感情观、公仆观、政绩观、名利观" in finding.text for finding in found)


def test_a_list_spelled_out_after_a_plain_count_answers_the_numbered_term_it_stands_for():
    assert "精简会议活动" in look_up("中央的八项规定内容有哪些").findings[0].text


def test_a_question_asking_for_a_list_is_shown_the_texts_that_list_it_not_those_that_only_name_it():
    found = look_up("六老是哪些人").findings
    assert found and all("老干部、老党员" in finding.text for finding in found)


def test_a_term_with_two_numerals_is_not_spelled_out_by_a_shorter_list_after_it():
    answer = look_up("三严三实的内容是什么")
    assert not answer.found and answer.unlisted == "三严三实"


def test_an_empty_or_meaningless_query_finds_nothing():
    for query in ("", "？？？", "的了吗"):
        assert not look_up(query).found


def test_each_finding_leads_with_the_sentence_that_holds_most_of_the_question():
    finding = look_up("群众路线的实质是什么").findings[0]
    assert "实质" in finding.lead and finding.lead in finding.text


def test_an_input_method_homophone_is_read_as_the_word_of_the_texts():
    assert lookup().read("群重路线的实质是啥").text.startswith("群众路线")
    assert lookup().read("风桥经验").text == "枫桥经验"
    assert lookup().read("四风指的是什么").text == "四风指的是什么"  # "指的" is not mended into 值得


def test_results_are_deterministic_best_first_and_limited_to_k():
    first = look_up("群众路线", k=5).findings
    assert [f.entry.id for f in first] == [f.entry.id for f in look_up("群众路线", k=5).findings]
    assert [f.score for f in first] == sorted((f.score for f in first), reverse=True)
    assert len(look_up("群众路线", k=1).findings) == 1 and not look_up("群众路线", k=0).found


def test_a_result_scoring_far_below_the_first_is_not_shown():
    findings = look_up("群众工作的基础是什么", k=20).findings
    assert all(finding.score >= Weights().shown_ratio * findings[0].score for finding in findings)


def test_a_quoted_phrase_the_texts_do_not_hold_is_not_answered_by_texts_sharing_its_words():
    assert not look_up("“访民情、惠民生、聚民心”是什么活动").found


def test_a_passage_repeating_a_better_one_is_left_out():
    repeated = "群众路线是我们党的生命线和根本工作路线，密切联系群众是巩固党的执政地位的关键。"
    small = small_lookup(repeated, "另外，" + repeated, "群众路线要求问计于民。")
    assert sorted(f.entry.id for f in small.look_up("群众路线", k=3).findings) == ["t-1", "t-3"]


def test_a_phrase_of_the_question_found_in_a_text_raises_its_score():
    texts = ("要及时调解邻里纠纷，群众满意。", "邻里纠纷要调解，群众满意。")
    with_phrases = {f.entry.id: f.score for f in small_lookup(*texts).look_up("怎么调解邻里纠纷").findings}
    without = {
        f.entry.id: f.score
        for f in small_lookup(*texts, weights=Weights(phrase=0.0)).look_up("怎么调解邻里纠纷").findings
    }
    assert with_phrases["t-1"] > without["t-1"] and with_phrases["t-2"] == without["t-2"]


def test_the_policy_search_returns_passages_only():
    hits = search_policy("百万警进千万家活动主要包括哪些内容?")
    assert hits and all(hit.item.id.count("-") == 1 for hit in hits)
    assert any("访民情、解民忧、化矛盾、防风险、查问题、治乱点" in hit.item.text for hit in hits)


def test_a_crafted_query_costs_a_few_times_a_normal_one_and_finds_what_the_word_three_times_finds():
    look_up("热身")

    def cost(query):
        start = time.perf_counter()
        for _ in range(3):
            look_up(query, k=20)
        return time.perf_counter() - start

    normal = min(cost("群众路线的基本方法是什么") for _ in range(3))
    crafted = min(cost("群众" * 500) for _ in range(3))
    assert crafted < 15 * normal  # measured ~4x; generous against a noisy machine
    assert [f.entry.id for f in look_up("群众" * 500, k=5).findings] == [
        f.entry.id for f in look_up("群众" * 3, k=5).findings
    ]


def test_a_question_that_asks_no_list_is_answered_even_when_it_names_a_numbered_term():
    assert look_up("十八大报告里“人民”这个词出现了多少次").found


def test_a_measure_word_glued_to_a_question_word_is_freed_and_set_aside_with_it():
    assert not {"份文件", "文件"} & set(lookup().read("这个说法出自哪份文件").weights)
